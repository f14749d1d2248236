package io.cumulo.bench;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import io.cumulo.images.ImageLimits;
import io.cumulo.images.vips.VipsImages;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Image engine benchmark: CPU milliseconds to turn one JPEG into three JPEG thumbnails (fitting
 * 1024, 512 and 256 pixels, quality 82, metadata stripped), for Cumulo's libvips engine and Java
 * engine in this JVM, and for the {@code vipsthumbnail} and ImageMagick {@code convert} command
 * lines as peers.
 *
 * <pre>java -cp "$CP" io.cumulo.bench.ImageEngineDriver INPUT.jpg [runs=11] [warmup=5]</pre>
 *
 * <p>In-process engines are timed by the process CPU clock ({@code CLOCK_PROCESS_CPUTIME_ID}), not
 * the calling thread's: libvips does its pixel work on its own worker threads. (The JDK's
 * {@code getProcessCpuTime} only counts 10 ms ticks here.) The commands are timed
 * by the user + system CPU time the kernel accounts to the child process. Each round runs every peer once, in a
 * rotating order so background load drifts across all of them; the table gives medians. A final
 * {@code RESULT} line per peer is meant for scripts.
 */
public final class ImageEngineDriver {
  private static final int[] SIZES = {1024, 512, 256};
  private static final int QUALITY = ImageVariant.DEFAULT_QUALITY;
  private static final String VIPSTHUMBNAIL = "/usr/bin/vipsthumbnail";
  /** ImageMagick itself, not a wrapper script that may sit earlier on the PATH. */
  private static final String CONVERT = "/usr/bin/convert-im6.q16";
  private static final String CHILD_TIMER = """
      import resource, subprocess, sys
      subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
      r = resource.getrusage(resource.RUSAGE_CHILDREN)
      print(r.ru_utime + r.ru_stime)
      """;
  /** Linux {@code CLOCK_PROCESS_CPUTIME_ID}: CPU time of all the process's threads, in ns. */
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  private static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

  private ImageEngineDriver() {}

  /** One way of making the three thumbnails; returns the CPU nanoseconds it took. */
  private interface Peer {
    long run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ImageEngineDriver INPUT.jpg [runs=11] [warmup=5]");
      System.exit(2);
    }
    Path input = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    byte[] jpeg = Files.readAllBytes(input);
    Path out = Files.createTempDirectory("image-bench");
    List<ImageVariant> variants = Arrays.stream(SIZES)
        .mapToObj(size -> new ImageVariant(String.valueOf(size), size, ImageFormat.JPEG, null, QUALITY))
        .toList();

    Map<String, Peer> peers = new LinkedHashMap<>();
    ImageLimits limits = ImageLimits.defaults();
    Optional<VipsImages> vips = VipsImages.load(limits);
    vips.ifPresentOrElse(engine -> peers.put(engine.engine() + " (Cumulo, in-process)",
        inProcess(engine, jpeg, variants, warmup)),
        () -> System.out.println("libvips engine: not available, skipped"));
    javaEngine(limits).ifPresent(engine -> peers.put("Java engine (Cumulo, in-process)",
        inProcess(engine, jpeg, variants, warmup)));
    List<List<String>> perSize = new ArrayList<>();
    for (int size : SIZES) {
      perSize.add(List.of(VIPSTHUMBNAIL, input.toString(), "-s", String.valueOf(size), "-o",
          out.resolve("vt-" + size + ".jpg") + "[Q=" + QUALITY + ",strip]"));
    }
    peers.put("vipsthumbnail CLI, one process per size (3)", () -> {
      long total = 0;
      for (List<String> command : perSize) {
        total += childCpuNanos(command, out);
      }
      return total;
    });
    peers.put("vipsthumbnail CLI, 1024 only (1 process)", () -> childCpuNanos(perSize.getFirst(), out));
    // What a vipsthumbnail process costs before it touches a pixel: libvips start-up, which loads
    // its dynamic modules (HEIF, JPEG XL, PDF, OpenSlide, ImageMagick), on an 8 x 8 JPEG.
    Path tiny = out.resolve("tiny.jpg");
    Files.write(tiny, vips.orElseThrow().render(jpeg, List.of(ImageVariant.fit("tiny", 8, ImageFormat.JPEG)))
        .getFirst().data());
    peers.put("vipsthumbnail CLI on an 8x8 JPEG (start-up cost)", () -> childCpuNanos(List.of(
        VIPSTHUMBNAIL, tiny.toString(), "-s", "8", "-o", out.resolve("tiny-out.jpg").toString()), out));
    peers.put("ImageMagick convert -thumbnail (1 process, 3 writes)",
        () -> childCpuNanos(convert(input, out, false), out));
    peers.put("ImageMagick convert -define jpeg:size -thumbnail (1 process)",
        () -> childCpuNanos(convert(input, out, true), out));

    Map<String, List<Long>> cpu = new LinkedHashMap<>();
    peers.keySet().forEach(name -> cpu.put(name, new ArrayList<>()));
    List<String> names = new ArrayList<>(peers.keySet());
    for (int round = 0; round < runs; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        cpu.get(name).add(peers.get(name).run());
      }
    }

    double vipsthumbnail = medianMillis(cpu.get(names.stream()
        .filter(n -> n.startsWith("vipsthumbnail CLI, one")).findFirst().orElseThrow()));
    System.out.printf(Locale.ROOT, "%n%s: %,d bytes; %d runs after %d warm-up renders; CPU ms per image"
        + " (three sizes %s)%n", input.getFileName(), jpeg.length, runs, warmup, Arrays.toString(SIZES));
    System.out.printf(Locale.ROOT, "%-62s %10s %10s %10s %14s%n", "peer", "median", "min", "max",
        "vs vipsthumb");
    for (String name : names) {
      List<Long> samples = cpu.get(name);
      double median = medianMillis(samples);
      System.out.printf(Locale.ROOT, "%-62s %10.1f %10.1f %10.1f %13.2fx%n", name, median,
          samples.stream().mapToLong(Long::longValue).min().orElseThrow() / 1e6,
          samples.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e6, median / vipsthumbnail);
    }
    for (String name : names) {
      System.out.printf(Locale.ROOT, "RESULT peer=\"%s\" cpu_ms_median=%.1f runs=%s%n", name,
          medianMillis(cpu.get(name)), cpu.get(name).stream()
              .map(n -> String.format(Locale.ROOT, "%.1f", n / 1e6)).collect(Collectors.joining(",")));
    }
  }

  private static Peer inProcess(Images engine, byte[] jpeg, List<ImageVariant> variants, int warmup) {
    List<RenderedImage> first = engine.render(jpeg, variants);
    System.out.println(engine.engine() + " renders " + first.stream()
        .map(r -> r.width() + "x" + r.height() + " (" + r.data().length + " B)")
        .collect(Collectors.joining(", ")));
    for (int i = 1; i < warmup; i++) {
      engine.render(jpeg, variants);
    }
    return () -> {
      long start = processCpuNanos();
      engine.render(jpeg, variants);
      return processCpuNanos() - start;
    };
  }

  /**
   * The pure-Java engine, when this build has it. It is looked up by name because it lives in
   * {@code cumulo-images} next to {@link VipsImages} but may be merged later than this driver.
   */
  private static Optional<Images> javaEngine(ImageLimits limits) {
    try {
      Class<?> type = Class.forName("io.cumulo.images.JavaImages");
      return Optional.of((Images) type.getConstructor(ImageLimits.class).newInstance(limits));
    } catch (ClassNotFoundException e) {
      System.out.println("Java engine: io.cumulo.images.JavaImages is not in this build, skipped");
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct JavaImages(ImageLimits)", e);
    }
  }

  private static List<String> convert(Path input, Path out, boolean sizeHint) {
    List<String> command = new ArrayList<>(List.of(CONVERT));
    if (sizeHint) {
      // Lets libjpeg decode at a reduced scale, as libvips' shrink-on-load does.
      command.addAll(List.of("-define", "jpeg:size=2048x2048"));
    }
    command.addAll(List.of(input.toString(), "-quality", String.valueOf(QUALITY)));
    for (int i = 0; i < SIZES.length; i++) {
      command.addAll(List.of("-thumbnail", SIZES[i] + "x" + SIZES[i]));
      Path target = out.resolve("im-" + SIZES[i] + ".jpg");
      if (i < SIZES.length - 1) {
        command.addAll(List.of("-write", target.toString()));
      } else {
        command.add(target.toString());
      }
    }
    return command;
  }

  /**
   * Runs the command and returns its user + system CPU time, from {@code getrusage(RUSAGE_CHILDREN)}
   * of a small Python parent ({@code /usr/bin/time} prints only hundredths of a second, too coarse
   * for a 30 ms command). The parent's own CPU is not in the children's figure.
   */
  private static long childCpuNanos(List<String> command, Path out) throws IOException, InterruptedException {
    List<String> timed = new ArrayList<>(List.of("python3", "-c", CHILD_TIMER));
    timed.addAll(command);
    Path log = out.resolve("child.log");
    Process process = new ProcessBuilder(timed).redirectError(log.toFile()).start();
    String seconds = new String(process.getInputStream().readAllBytes()).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
    }
    return Math.round(Double.parseDouble(seconds) * 1e9);
  }

  private static long processCpuNanos() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment timespec = arena.allocate(16, 8);
      if ((int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, timespec) != 0) {
        throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
      }
      return timespec.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + timespec.get(ValueLayout.JAVA_LONG, 8);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static double medianMillis(List<Long> samples) {
    long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    return median / 1e6;
  }
}
