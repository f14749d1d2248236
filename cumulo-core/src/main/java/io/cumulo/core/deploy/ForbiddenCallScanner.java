package io.cumulo.core.deploy;

import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Finds code in a function's jar or classes directory that would stop the whole server: calls to
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}. Functions run in-process, so
 * such a call must be refused at deploy time rather than discovered in production.
 *
 * <p>It reads every {@code .class} file with the JDK's ClassFile API and reports direct invocations,
 * method handle constants ({@code ldc}), method references and lambdas bootstrapped through
 * {@code invokedynamic}, and any other reference to those methods left in a constant pool.
 *
 * <p>What it cannot catch: calls made by reflection ({@code Method.invoke} with a computed name),
 * method handles looked up by name at run time, native code (JNI, FFM), classes generated or loaded
 * at run time, and code in libraries the function does not ship. It is a guard against mistakes,
 * not a sandbox.
 *
 * <p>Jars are read entry by entry with bounded totals, so a zip bomb fails with a clear error instead
 * of exhausting memory. Instances are immutable and thread-safe.
 */
public final class ForbiddenCallScanner {
  /** Default bound on the uncompressed bytes of class files read from one jar or directory: 512 MiB. */
  public static final long DEFAULT_MAX_CLASS_BYTES = 512L << 20;
  /** Default bound on the entries of one jar, or class files in one directory: 100,000. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private static final Set<String> FORBIDDEN =
      Set.of("java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt");
  private static final String CONSTANT_POOL = "<constant pool>";

  /**
   * A forbidden call.
   *
   * @param className the binary name of the calling class, e.g. {@code com.example.Echo}
   * @param method the calling method's name and descriptor, e.g. {@code run(I)V}, or
   *     {@code <constant pool>} when the reference is not tied to one method's code
   * @param called the forbidden method, e.g. {@code java.lang.System.exit}
   */
  public record Finding(String className, String method, String called) {}

  private final long maxClassBytes;
  private final int maxEntries;

  /** A scanner with the default bounds. */
  public ForbiddenCallScanner() {
    this(DEFAULT_MAX_CLASS_BYTES, DEFAULT_MAX_ENTRIES);
  }

  /**
   * @param maxClassBytes the most uncompressed class-file bytes read per jar or directory
   * @param maxEntries the most entries per jar (all entries) or class files per directory
   */
  public ForbiddenCallScanner(long maxClassBytes, int maxEntries) {
    if (maxClassBytes <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    this.maxClassBytes = maxClassBytes;
    this.maxEntries = maxEntries;
  }

  /**
   * Scans a jar file or a directory of classes.
   *
   * @return the forbidden calls, in file order; empty if there are none
   * @throws CumuloException 400 {@code InvalidCode} if a class file is malformed, the jar is not a
   *     valid zip or a bound is exceeded
   */
  public List<Finding> scan(Path jarOrClasses) {
    try {
      return Files.isDirectory(jarOrClasses) ? scanDirectory(jarOrClasses) : scanJar(jarOrClasses);
    } catch (ZipException e) {
      throw invalid(jarOrClasses.getFileName() + " is not a valid jar: " + e.getMessage());
    } catch (IOException e) {
      throw invalid("cannot read " + jarOrClasses.getFileName() + ": " + e.getMessage());
    }
  }

  private List<Finding> scanJar(Path jar) throws IOException {
    var findings = new ArrayList<Finding>();
    try (var zip = new ZipFile(jar.toFile())) {
      if (zip.size() > maxEntries) {
        throw invalid(jar.getFileName() + " has " + zip.size() + " entries; the most allowed is "
            + maxEntries);
      }
      long budget = maxClassBytes;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      for (ZipEntry entry : Collections.list(entries)) {
        if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
          continue;
        }
        String where = jar.getFileName() + "!/" + entry.getName();
        byte[] bytes;
        // The sizes in a zip's directory can lie; count what is actually inflated.
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readNBytes((int) Math.min(budget + 1, Integer.MAX_VALUE - 8));
        }
        budget -= bytes.length;
        if (budget < 0) {
          throw invalid(jar.getFileName() + " holds more than " + maxClassBytes
              + " bytes of classes (uncompressed), the most allowed; stopped at " + entry.getName());
        }
        scanClass(where, bytes, findings);
      }
    }
    return findings;
  }

  private List<Finding> scanDirectory(Path dir) throws IOException {
    List<Path> classes;
    try (Stream<Path> files = Files.walk(dir)) {
      classes = files.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
          .limit(maxEntries + 1L)
          .sorted()
          .toList();
    }
    if (classes.size() > maxEntries) {
      throw invalid(dir.getFileName() + " has more than " + maxEntries + " class files, the most"
          + " allowed");
    }
    var findings = new ArrayList<Finding>();
    long budget = maxClassBytes;
    for (Path file : classes) {
      budget -= Files.size(file);
      if (budget < 0) {
        throw invalid(dir.getFileName() + " holds more than " + maxClassBytes + " bytes of"
            + " classes, the most allowed; stopped at " + dir.relativize(file));
      }
      scanClass(dir.getFileName() + "/" + dir.relativize(file), Files.readAllBytes(file), findings);
    }
    return findings;
  }

  private static void scanClass(String where, byte[] bytes, List<Finding> findings) {
    try {
      ClassModel model = ClassFile.of().parse(bytes);
      String className = model.thisClass().asInternalName().replace('/', '.');
      Set<MemberRefEntry> seen = new HashSet<>();
      for (MethodModel method : model.methods()) {
        String caller = method.methodName().stringValue() + method.methodType().stringValue();
        for (CodeElement element : method.code().map(code -> code.elementList()).orElse(List.of())) {
          for (MemberRefEntry target : referencedMethods(element)) {
            seen.add(target);
            report(className, caller, target, findings);
          }
        }
      }
      for (PoolEntry entry : model.constantPool()) {
        if (entry instanceof MemberRefEntry target && !seen.contains(target)) {
          report(className, CONSTANT_POOL, target, findings);
        }
      }
    } catch (CumuloException e) {
      throw e;
    } catch (RuntimeException e) {
      // The ClassFile API parses lazily and signals malformed input with several unchecked types
      // (IllegalArgumentException, IndexOutOfBoundsException, ...); all mean the same to a user.
      throw invalid(where + " is not a valid class file: " + e.getMessage());
    }
  }

  private static List<MemberRefEntry> referencedMethods(CodeElement element) {
    return switch (element) {
      case InvokeInstruction invoke -> List.of(invoke.method());
      case ConstantInstruction.LoadConstantInstruction ldc -> handleTargets(List.of(ldc.constantEntry()));
      case InvokeDynamicInstruction indy -> {
        var targets = new ArrayList<>(handleTargets(indy.invokedynamic().bootstrap().arguments()));
        targets.add(indy.invokedynamic().bootstrap().bootstrapMethod().reference());
        yield targets;
      }
      default -> List.of();
    };
  }

  private static List<MemberRefEntry> handleTargets(List<LoadableConstantEntry> constants) {
    var targets = new ArrayList<MemberRefEntry>();
    for (LoadableConstantEntry constant : constants) {
      if (constant instanceof MethodHandleEntry handle) {
        targets.add(handle.reference());
      }
    }
    return targets;
  }

  private static void report(String className, String caller, MemberRefEntry target,
      List<Finding> findings) {
    String called = target.owner().asInternalName() + "." + target.name().stringValue();
    if (FORBIDDEN.contains(called)) {
      findings.add(new Finding(className, caller, called.replace('/', '.')));
    }
  }

  private static CumuloException invalid(String message) {
    return CumuloException.badRequest("InvalidCode", message);
  }
}
