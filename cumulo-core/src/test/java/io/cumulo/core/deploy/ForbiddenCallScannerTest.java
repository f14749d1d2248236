package io.cumulo.core.deploy;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.CumuloException;
import io.cumulo.core.deploy.ForbiddenCallScanner.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForbiddenCallScannerTest {
  private static final ClassDesc SYSTEM = ClassDesc.of("java.lang.System");
  private static final ClassDesc RUNTIME = ClassDesc.of("java.lang.Runtime");
  private static final MethodTypeDesc INT_TO_VOID = MethodTypeDesc.of(CD_void, CD_int);

  private final ForbiddenCallScanner scanner = new ForbiddenCallScanner();

  @TempDir Path dir;

  @Test
  void findsSystemExit_whenCalledDirectly() throws IOException {
    Path classes = writeClasses(Map.of("demo/Quitter", quitter()));

    assertThat(scanner.scan(classes)).containsExactly(
        new Finding("demo.Quitter", "run()V", "java.lang.System.exit"));
  }

  @Test
  void findsRuntimeHaltAndExit_whenCalledOnTheRuntime() throws IOException {
    byte[] halter = build("demo.Halter", cb -> {
      method(cb, "halt", code -> code
          .invokestatic(RUNTIME, "getRuntime", MethodTypeDesc.of(RUNTIME))
          .iconst_1()
          .invokevirtual(RUNTIME, "halt", INT_TO_VOID)
          .return_());
      method(cb, "exit", code -> code
          .invokestatic(RUNTIME, "getRuntime", MethodTypeDesc.of(RUNTIME))
          .iconst_2()
          .invokevirtual(RUNTIME, "exit", INT_TO_VOID)
          .return_());
    });

    assertThat(scanner.scan(writeClasses(Map.of("demo/Halter", halter)))).containsExactly(
        new Finding("demo.Halter", "halt()V", "java.lang.Runtime.halt"),
        new Finding("demo.Halter", "exit()V", "java.lang.Runtime.exit"));
  }

  @Test
  void findsMethodHandle_whenExitIsLoadedAsAConstant() throws IOException {
    DirectMethodHandleDesc exit = MethodHandleDesc.ofMethod(
        DirectMethodHandleDesc.Kind.STATIC, SYSTEM, "exit", INT_TO_VOID);
    byte[] sneaky = build("demo.Sneaky", cb -> method(cb, "handle", code -> code
        .ldc(exit)
        .pop()
        .return_()));

    assertThat(scanner.scan(writeClasses(Map.of("demo/Sneaky", sneaky)))).containsExactly(
        new Finding("demo.Sneaky", "handle()V", "java.lang.System.exit"));
  }

  @Test
  void findsMethodReference_whenALambdaIsBootstrappedToExit() throws IOException {
    ClassDesc lookup = ClassDesc.of("java.lang.invoke.MethodHandles$Lookup");
    ClassDesc methodType = ClassDesc.of("java.lang.invoke.MethodType");
    ClassDesc intConsumer = ClassDesc.of("java.util.function.IntConsumer");
    DirectMethodHandleDesc metafactory = MethodHandleDesc.ofMethod(
        DirectMethodHandleDesc.Kind.STATIC, ClassDesc.of("java.lang.invoke.LambdaMetafactory"),
        "metafactory", MethodTypeDesc.of(ClassDesc.of("java.lang.invoke.CallSite"), lookup,
            CD_String, methodType, methodType, ClassDesc.of("java.lang.invoke.MethodHandle"),
            methodType));
    var callSite = DynamicCallSiteDesc.of(metafactory, "accept", MethodTypeDesc.of(intConsumer),
        INT_TO_VOID,
        MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, SYSTEM, "exit", INT_TO_VOID),
        INT_TO_VOID);
    byte[] lambda = build("demo.Lambda", cb -> method(cb, "consumer", code -> code
        .invokedynamic(callSite)
        .pop()
        .return_()));

    assertThat(scanner.scan(writeClasses(Map.of("demo/Lambda", lambda)))).containsExactly(
        new Finding("demo.Lambda", "consumer()V", "java.lang.System.exit"));
  }

  @Test
  void findsReference_whenOnlyTheConstantPoolHoldsIt() throws IOException {
    byte[] pooled = build("demo.Pooled", cb -> cb.constantPool()
        .methodRefEntry(RUNTIME, "halt", INT_TO_VOID));

    assertThat(scanner.scan(writeClasses(Map.of("demo/Pooled", pooled)))).containsExactly(
        new Finding("demo.Pooled", "<constant pool>", "java.lang.Runtime.halt"));
  }

  @Test
  void findsNothing_whenClassOnlyCallsHarmlessMethods() throws IOException {
    byte[] clean = build("demo.Clean", cb -> method(cb, "run", code -> code
        .ldc("hello")
        .invokestatic(ClassDesc.of("java.lang.String"), "valueOf",
            MethodTypeDesc.of(CD_String, CD_Object))
        .pop()
        .invokestatic(SYSTEM, "currentTimeMillis", MethodTypeDesc.of(ClassDesc.ofDescriptor("J")))
        .pop2()
        .return_()));

    assertThat(scanner.scan(writeClasses(Map.of("demo/Clean", clean)))).isEmpty();
    assertThat(scanner.scan(writeJar("clean.jar", Map.of("demo/Clean.class", clean)))).isEmpty();
  }

  @Test
  void findsCallsInEveryClass_whenScanningAJar() throws IOException {
    Path jar = writeJar("app.jar", Map.of(
        "demo/Quitter.class", quitter(),
        "META-INF/versions/25/demo/Quitter.class", quitter(),
        "README.txt", "not a class".getBytes()));

    assertThat(scanner.scan(jar)).hasSize(2)
        .allSatisfy(f -> assertThat(f.called()).isEqualTo("java.lang.System.exit"));
  }

  @Test
  void namesTheEntry_whenAClassFileIsCorrupt() throws IOException {
    byte[] corrupt = quitter();
    byte[] truncated = java.util.Arrays.copyOf(corrupt, corrupt.length / 2);
    Path jar = writeJar("bad.jar", Map.of("demo/Broken.class", truncated));

    assertThatThrownBy(() -> scanner.scan(jar))
        .isInstanceOf(CumuloException.class)
        .hasMessageStartingWith("bad.jar!/demo/Broken.class is not a valid class file: ")
        .extracting(e -> ((CumuloException) e).httpStatus()).isEqualTo(400);
    Path classes = writeClasses(Map.of("demo/Junk", "not a class at all".getBytes()));
    assertThatThrownBy(() -> scanner.scan(classes))
        .hasMessageStartingWith("classes/demo/Junk.class is not a valid class file: ");
  }

  @Test
  void refuses_whenJarHoldsMoreThanTheBounds() throws IOException {
    Path jar = writeJar("big.jar", Map.of(
        "a/A.class", quitter(), "b/B.class", quitter(), "c/C.class", quitter()));

    assertThatThrownBy(() -> new ForbiddenCallScanner(512L << 20, 2).scan(jar))
        .hasMessage("big.jar has 3 entries; the most allowed is 2");
    assertThatThrownBy(() -> new ForbiddenCallScanner(quitter().length + 10L, 100).scan(jar))
        .hasMessageContaining("big.jar holds more than " + (quitter().length + 10)
            + " bytes of classes (uncompressed), the most allowed");
  }

  @Test
  void refuses_whenFileIsNotAZip() throws IOException {
    Path notJar = Files.writeString(dir.resolve("fake.jar"), "plain text");

    assertThatThrownBy(() -> scanner.scan(notJar))
        .isInstanceOf(CumuloException.class)
        .hasMessageStartingWith("fake.jar is not a valid jar");
  }

  private static byte[] quitter() {
    return build("demo.Quitter", cb -> method(cb, "run", code -> code
        .iconst_0()
        .invokestatic(SYSTEM, "exit", INT_TO_VOID)
        .return_()));
  }

  private static byte[] build(String name, Consumer<ClassBuilder> body) {
    return ClassFile.of().build(ClassDesc.of(name), body);
  }

  private static void method(ClassBuilder cb, String name, Consumer<CodeBuilder> code) {
    cb.withMethodBody(name, MethodTypeDesc.of(CD_void),
        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code);
  }

  private Path writeClasses(Map<String, byte[]> classes) throws IOException {
    Path root = dir.resolve("classes");
    for (var entry : classes.entrySet()) {
      Path file = root.resolve(entry.getKey() + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, entry.getValue());
    }
    return root;
  }

  private Path writeJar(String name, Map<String, byte[]> entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); var zip = new JarOutputStream(out)) {
      for (var entry : new java.util.TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new JarEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return jar;
  }
}
