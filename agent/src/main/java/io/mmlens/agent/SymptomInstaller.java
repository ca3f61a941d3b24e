package io.mmlens.agent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Installs the JVM-symptom advice on the four JDK methods whose failures kernel or JVM memory
 * limits explain (process start, thread start, direct buffers, file mapping). Runs on the agent's
 * daemon thread: building and installing the transformer costs ~0.4 s, never on the host's
 * startup path.
 */
final class SymptomInstaller {

  private static final String HOOK = "io/mmlens/bootstrap/SymptomHook.class";

  private SymptomInstaller() {}

  static void install(Instrumentation inst) throws IOException {
    // Byte Buddy's "safe" mode avoids sun.misc.Unsafe, whose use JDK 24+ warns about on the
    // host's stderr. The shade plugin relocates this string with the package, so it names only
    // our copy and leaves any Byte Buddy of the host alone.
    System.setProperty("net.bytebuddy.safe", "true");
    appendHookToBootstrap(inst);
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        // the default ignores every bootstrap class: watch exactly these four
        .ignore(not(namedOneOf("java.lang.ProcessBuilder", "java.lang.Thread", "java.nio.ByteBuffer",
            "sun.nio.ch.FileChannelImpl")))
        .type(named("java.lang.ProcessBuilder"))
        .transform((b, td, cl, m, pd) -> b.visit(Advice.to(SymptomAdvice.class)
            .on(named("start").and(takesArguments(0)))))
        .type(named("java.lang.Thread"))
        .transform((b, td, cl, m, pd) -> b.visit(Advice.to(SymptomAdvice.class)
            .on(named("start").and(takesArguments(0)))))
        .type(named("java.nio.ByteBuffer"))
        .transform((b, td, cl, m, pd) -> b.visit(Advice.to(SymptomAdvice.class)
            .on(named("allocateDirect").and(takesArguments(1)))))
        .type(named("sun.nio.ch.FileChannelImpl"))
        .transform((b, td, cl, m, pd) -> b.visit(Advice.to(SymptomAdvice.class)
            .on(named("map").and(takesArguments(3)).and(isPublic()))))
        .installOn(inst);
  }

  /** A one-class jar in a private temp dir, appended to the bootstrap class path. */
  private static void appendHookToBootstrap(Instrumentation inst) throws IOException {
    Path dir = Files.createTempDirectory("mmlens-boot-");
    Path jar = dir.resolve("mmlens-bootstrap.jar");
    try (InputStream in = SymptomInstaller.class.getClassLoader().getResourceAsStream(HOOK);
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      if (in == null) {
        throw new IOException(HOOK + " not in the agent jar");
      }
      out.putNextEntry(new JarEntry(HOOK));
      in.transferTo(out);
      out.closeEntry();
    }
    jar.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
  }
}
