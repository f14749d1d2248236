package io.cumulo.images.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libvips shared library: the few functions Cumulo calls, bound once as method handles.
 *
 * <p>libvips operations take NULL-terminated {@code name, value} option lists through C varargs;
 * each option list shape used here has its own handle, declared with
 * {@link Linker.Option#firstVariadicArg}. Every method returns the raw result (0 or a pointer);
 * {@link VipsScope} turns failures into exceptions and owns the images.
 */
final class Vips {
  private static final Logger LOG = LoggerFactory.getLogger(Vips.class);
  private static final Linker LINKER = Linker.nativeLinker();
  private static final int G_LOG_LEVEL_WARNING = 1 << 4;
  private static final int G_LOG_LEVEL_MESSAGE = 1 << 5;
  private static final int G_LOG_LEVEL_INFO = 1 << 6;
  private static final int G_LOG_LEVEL_DEBUG = 1 << 7;
  private static final String[] LIBRARY_NAMES = {"libvips.so.42", "libvips.so"};
  /** ImageMagick appends "`file' @ error/bmp.c/ReadBMPImage/637" to its messages. */
  private static final Pattern MAGICK_LOCATION = Pattern.compile(" ?`[^']*' @ \\S+");

  final int major;
  final int minor;
  final int micro;
  /** {@code VIPS_INTERPRETATION_sRGB}, looked up by nick so no enum value is hard-coded. */
  final int interpretationSrgb;
  final int sizeDown;
  final int formatUchar;
  /** The save option that drops all metadata: {@code keep=NONE} from 8.15, {@code strip=TRUE} before. */
  final MemorySegment stripOption;
  final int stripValue;

  private final MethodHandle errorBuffer;
  private final MethodHandle errorClear;
  private final MethodHandle objectUnref;
  private final MethodHandle free;
  private final MethodHandle trackedGetMem;
  final MethodHandle newFromBuffer;
  final MethodHandle getWidth;
  final MethodHandle getHeight;
  final MethodHandle getBands;
  final MethodHandle getTypeof;
  final MethodHandle getInt;
  final MethodHandle getString;
  final MethodHandle hasAlpha;
  final MethodHandle thumbnailBuffer;
  final MethodHandle copyMemory;
  final MethodHandle resize;
  final MethodHandle colourspace;
  final MethodHandle cast;
  final MethodHandle recomb;
  final MethodHandle matrixFromArray;
  final MethodHandle linear;
  final MethodHandle multiply;
  final MethodHandle add;
  final MethodHandle gaussblur;
  final MethodHandle extractBands;
  final MethodHandle extractBand;
  final MethodHandle bandjoin2;
  final MethodHandle xyz;
  final MethodHandle flatten;
  final MethodHandle arrayDoubleNew;
  final MethodHandle areaUnref;
  final MethodHandle jpegsaveBuffer;
  final MethodHandle webpsaveBuffer;
  final MethodHandle pngsaveBuffer;

  private Vips(SymbolLookup lib) throws Throwable {
    MethodHandle init = fn(lib, "vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    if ((int) init.invokeExact(Strings.of("cumulo")) != 0) {
      throw new IllegalStateException("vips_init failed");
    }
    routeWarningsToLog(lib);
    MethodHandle version = fn(lib, "vips_version", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    major = (int) version.invokeExact(0);
    minor = (int) version.invokeExact(1);
    micro = (int) version.invokeExact(2);
    // The operation cache would keep loaders that point into buffers we free after each call, and
    // could answer a later call whose buffer reuses the address; images are never re-rendered here.
    MethodHandle cacheSetMax = fn(lib, "vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
    cacheSetMax.invokeExact(0);

    errorBuffer = fn(lib, "vips_error_buffer", FunctionDescriptor.of(ADDRESS));
    errorClear = fn(lib, "vips_error_clear", FunctionDescriptor.ofVoid());
    objectUnref = fn(lib, "g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
    free = fn(lib, "g_free", FunctionDescriptor.ofVoid(ADDRESS));
    trackedGetMem = fn(lib, "vips_tracked_get_mem", FunctionDescriptor.of(JAVA_LONG));

    MethodHandle enumFromNick = fn(lib, "vips_enum_from_nick",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    interpretationSrgb = enumValue(lib, enumFromNick, "vips_interpretation_get_type", "srgb");
    sizeDown = enumValue(lib, enumFromNick, "vips_size_get_type", "down");
    formatUchar = enumValue(lib, enumFromNick, "vips_band_format_get_type", "uchar");
    if (major > 8 || (major == 8 && minor >= 15)) {
      stripOption = Strings.of("keep");
      stripValue = enumValue(lib, enumFromNick, "vips_foreign_keep_get_type", "none");
    } else {
      stripOption = Strings.of("strip");
      stripValue = 1;
    }

    newFromBuffer = variadic(lib, "vips_image_new_from_buffer", ADDRESS,
        List.of(ADDRESS, JAVA_LONG, ADDRESS), ADDRESS);
    getWidth = fn(lib, "vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getHeight = fn(lib, "vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getBands = fn(lib, "vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getTypeof = fn(lib, "vips_image_get_typeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
    getInt = fn(lib, "vips_image_get_int", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    getString = fn(lib, "vips_image_get_string",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    hasAlpha = fn(lib, "vips_image_hasalpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // (buf, len, out, width, "height", h, "size", down, name, value, name, value, NULL); the
    // second pair may be NULL, NULL to end the list early.
    thumbnailBuffer = variadic(lib, "vips_thumbnail_buffer", JAVA_INT,
        List.of(ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT),
        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    copyMemory = fn(lib, "vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
    resize = variadic(lib, "vips_resize", JAVA_INT, List.of(ADDRESS, ADDRESS, JAVA_DOUBLE), ADDRESS);
    colourspace = variadic(lib, "vips_colourspace", JAVA_INT,
        List.of(ADDRESS, ADDRESS, JAVA_INT), ADDRESS);
    cast = variadic(lib, "vips_cast", JAVA_INT, List.of(ADDRESS, ADDRESS, JAVA_INT), ADDRESS);
    recomb = variadic(lib, "vips_recomb", JAVA_INT, List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS);
    matrixFromArray = fn(lib, "vips_image_new_matrix_from_array",
        FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    linear = variadic(lib, "vips_linear", JAVA_INT,
        List.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), ADDRESS);
    multiply = variadic(lib, "vips_multiply", JAVA_INT, List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS);
    add = variadic(lib, "vips_add", JAVA_INT, List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS);
    gaussblur = variadic(lib, "vips_gaussblur", JAVA_INT,
        List.of(ADDRESS, ADDRESS, JAVA_DOUBLE), ADDRESS);
    // (in, out, band, "n", count, NULL)
    extractBands = variadic(lib, "vips_extract_band", JAVA_INT,
        List.of(ADDRESS, ADDRESS, JAVA_INT), ADDRESS, JAVA_INT, ADDRESS);
    extractBand = variadic(lib, "vips_extract_band", JAVA_INT,
        List.of(ADDRESS, ADDRESS, JAVA_INT), ADDRESS);
    bandjoin2 = variadic(lib, "vips_bandjoin2", JAVA_INT, List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS);
    xyz = variadic(lib, "vips_xyz", JAVA_INT, List.of(ADDRESS, JAVA_INT, JAVA_INT), ADDRESS);
    // (in, out, "background", VipsArrayDouble*, NULL)
    flatten = variadic(lib, "vips_flatten", JAVA_INT, List.of(ADDRESS, ADDRESS), ADDRESS, ADDRESS,
        ADDRESS);
    arrayDoubleNew = fn(lib, "vips_array_double_new",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    areaUnref = fn(lib, "vips_area_unref", FunctionDescriptor.ofVoid(ADDRESS));
    // (in, &buf, &len, "Q", quality, strip-or-keep, value, NULL)
    jpegsaveBuffer = variadic(lib, "vips_jpegsave_buffer", JAVA_INT,
        List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    webpsaveBuffer = variadic(lib, "vips_webpsave_buffer", JAVA_INT,
        List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    // (in, &buf, &len, strip-or-keep, value, NULL)
    pngsaveBuffer = variadic(lib, "vips_pngsave_buffer", JAVA_INT,
        List.of(ADDRESS, ADDRESS, ADDRESS), ADDRESS, JAVA_INT, ADDRESS);
  }

  /**
   * Loads and initialises libvips.
   *
   * @throws IllegalStateException with the reason when the library is missing or unusable
   */
  static Vips load() {
    List<String> failures = new ArrayList<>();
    for (String name : LIBRARY_NAMES) {
      SymbolLookup lib;
      try {
        lib = SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException e) {
        failures.add(name + ": " + e.getMessage());
        continue;
      }
      try {
        return new Vips(lib);
      } catch (Throwable e) {
        throw new IllegalStateException(name + " loaded but is unusable: " + e, e);
      }
    }
    throw new IllegalStateException("libvips not found (" + String.join("; ", failures) + ")");
  }

  String version() {
    return major + "." + minor + "." + micro;
  }

  /**
   * Takes libvips' error text (after a failed call) and clears it. The buffer is process-wide, so a
   * failure on another thread at the same moment can add its lines; the cleaning keeps that readable.
   */
  String takeError() {
    try {
      MemorySegment text = (MemorySegment) errorBuffer.invokeExact();
      String raw = text.equals(MemorySegment.NULL) ? "" : text.reinterpret(Long.MAX_VALUE).getString(0);
      errorClear.invokeExact();
      return cleanError(raw);
    } catch (Throwable e) {
      throw new IllegalStateException("reading the libvips error buffer failed", e);
    }
  }

  /**
   * Turns "VipsJpeg: Premature end of JPEG file\nVipsForeignLoad: ... \n" into one line without the
   * class prefixes, ImageMagick's source locations and repeats: "Premature end of JPEG file; ...".
   */
  static String cleanError(String raw) {
    Set<String> lines = new LinkedHashSet<>();
    for (String line : raw.split("\n")) {
      String text = MAGICK_LOCATION.matcher(line).replaceAll("").strip();
      int colon = text.indexOf(": ");
      if (colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_]+")) {
        text = text.substring(colon + 2).strip();
      }
      if (!text.isEmpty()) {
        lines.add(text);
      }
    }
    return lines.isEmpty() ? "libvips gave no reason" : String.join("; ", lines);
  }

  void unref(MemorySegment object) {
    try {
      objectUnref.invokeExact(object);
    } catch (Throwable e) {
      throw new IllegalStateException("g_object_unref failed", e);
    }
  }

  void free(MemorySegment pointer) {
    try {
      free.invokeExact(pointer);
    } catch (Throwable e) {
      throw new IllegalStateException("g_free failed", e);
    }
  }

  /** Bytes libvips holds for pixel buffers right now; used to prove renders free what they make. */
  long trackedMemoryBytes() {
    try {
      return (long) trackedGetMem.invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException("vips_tracked_get_mem failed", e);
    }
  }

  /**
   * libvips reports warnings through GLib's log ("VIPS-WARNING **: error in tile 0 x 128") on
   * stderr. They repeat what the failed call's error already says, so they go to this class's
   * logger at DEBUG instead.
   */
  private static void routeWarningsToLog(SymbolLookup lib) throws Throwable {
    MethodHandle setHandler = fn(lib, "g_log_set_handler",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    MethodHandle target = MethodHandles.lookup().findStatic(Vips.class, "logged", MethodType.methodType(
        void.class, MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class));
    MemorySegment handler = LINKER.upcallStub(target,
        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
    int levels = G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG;
    int id = (int) setHandler.invokeExact(Strings.of("VIPS"), levels, handler, MemorySegment.NULL);
    if (id == 0) {
      LOG.debug("g_log_set_handler refused; libvips warnings stay on stderr");
    }
  }

  /** The GLib log handler; runs on libvips' threads and must never throw. */
  private static void logged(MemorySegment domain, int level, MemorySegment message,
      MemorySegment userData) {
    try {
      if (LOG.isDebugEnabled() && !message.equals(MemorySegment.NULL)) {
        LOG.debug("libvips: {}", message.reinterpret(Long.MAX_VALUE).getString(0));
      }
    } catch (RuntimeException e) {
      // Nothing may unwind into native code; a lost warning is harmless.
    }
  }

  private static int enumValue(SymbolLookup lib, MethodHandle fromNick, String typeFunction,
      String nick) throws Throwable {
    MethodHandle getType = fn(lib, typeFunction, FunctionDescriptor.of(JAVA_LONG));
    long type = (long) getType.invokeExact();
    int value = (int) fromNick.invokeExact(Strings.of("cumulo"), type, Strings.of(nick));
    if (value < 0) {
      throw new IllegalStateException("libvips has no " + typeFunction + " value '" + nick + "'");
    }
    return value;
  }

  private static MethodHandle fn(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(symbol(lib, name), descriptor);
  }

  private static MethodHandle variadic(SymbolLookup lib, String name, MemoryLayout result,
      List<MemoryLayout> fixed, MemoryLayout... varargs) {
    MemoryLayout[] all = new MemoryLayout[fixed.size() + varargs.length];
    fixed.toArray(all);
    System.arraycopy(varargs, 0, all, fixed.size(), varargs.length);
    FunctionDescriptor descriptor = FunctionDescriptor.of(result, Arrays.copyOf(all, all.length));
    return LINKER.downcallHandle(symbol(lib, name), descriptor,
        Linker.Option.firstVariadicArg(fixed.size()));
  }

  private static MemorySegment symbol(SymbolLookup lib, String name) {
    return lib.find(name).orElseThrow(() -> new IllegalStateException("libvips has no " + name));
  }

  /** NUL-terminated option names and constant strings, allocated once for the process. */
  static final class Strings {
    static final MemorySegment EMPTY = of("");
    static final MemorySegment HEIGHT = of("height");
    static final MemorySegment SIZE = of("size");
    static final MemorySegment EXPORT_PROFILE = of("export_profile");
    static final MemorySegment SRGB = of("srgb");
    static final MemorySegment OPTION_STRING = of("option_string");
    static final MemorySegment FAIL_ON_TRUNCATED = of("fail_on=truncated");
    static final MemorySegment Q = of("Q");
    static final MemorySegment N = of("n");
    static final MemorySegment BACKGROUND = of("background");
    static final MemorySegment ORIENTATION = of("orientation");
    static final MemorySegment N_PAGES = of("n-pages");
    static final MemorySegment LOADER = of("vips-loader");
    static final MemorySegment ICC_PROFILE = of("icc-profile-data");
    static final MemorySegment DATE_TIME_ORIGINAL = of("exif-ifd2-DateTimeOriginal");

    private Strings() {}

    static MemorySegment of(String text) {
      return Arena.global().allocateFrom(text);
    }
  }
}
