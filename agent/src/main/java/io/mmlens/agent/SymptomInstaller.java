package io.mmlens.agent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Installs the JVM-symptom advice on the four JDK methods whose failures kernel or JVM memory
 * limits explain (process start, thread start, direct buffers, file mapping). Runs on the agent's
 * daemon thread: building and installing the transformer costs ~0.4 s, never on the host's
 * startup path.
 *
 * <p>Advice inlined into a JDK class can only call classes that class sees, so the hook
 * ({@code io.mmlens.bootstrap.SymptomHook}, renamed {@value #HOOK_IN_BASE}) is defined inside
 * java.base with a private lookup. Appending a jar to the bootstrap class path instead made every
 * host JVM print "Sharing is only supported for boot loader classes because bootstrap classpath
 * has been appended" and lose class-data sharing for its own classes. The package is not
 * exported: host code cannot see the hook.
 */
final class SymptomInstaller {

  private static final String HOOK = "io/mmlens/bootstrap/SymptomHook";
  static final String HOOK_IN_BASE = "jdk/internal/misc/MmlensSymptomHook";
  private static final String DEFINER = "io.mmlens.agent.define.BaseDefiner";

  private SymptomInstaller() {}

  /** @param handler gets each memory-related throwable (on the failing thread: only enqueue) */
  static void install(Instrumentation inst, Consumer<Throwable> handler) throws IOException {
    // Byte Buddy's "safe" mode avoids sun.misc.Unsafe, whose use JDK 24+ warns about on the
    // host's stderr. The shade plugin relocates this string with the package, so it names only
    // our copy and leaves any Byte Buddy of the host alone.
    System.setProperty("net.bytebuddy.safe", "true");
    defineHookInJavaBase(inst, handler);
    String advice = SymptomAdvice.class.getName();
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(advice, remap(resource(advice.replace('.', '/') + ".class"))),
        ClassFileLocator.ForClassLoader.of(SymptomInstaller.class.getClassLoader()));
    TypePool pool = TypePool.Default.of(locator);
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        // the default ignores every bootstrap class: watch exactly these four
        .ignore(not(namedOneOf("java.lang.ProcessBuilder", "java.lang.Thread", "java.nio.ByteBuffer",
            "sun.nio.ch.FileChannelImpl")))
        .type(named("java.lang.ProcessBuilder"))
        .transform(advice(pool, locator, named("start").and(takesArguments(0))))
        .type(named("java.lang.Thread"))
        .transform(advice(pool, locator, named("start").and(takesArguments(0))))
        .type(named("java.nio.ByteBuffer"))
        .transform(advice(pool, locator, named("allocateDirect").and(takesArguments(1))))
        .type(named("sun.nio.ch.FileChannelImpl"))
        .transform(advice(pool, locator, named("map").and(takesArguments(3)).and(isPublic())))
        .installOn(inst);
  }

  private static AgentBuilder.Transformer advice(TypePool pool, ClassFileLocator locator,
      ElementMatcher<? super MethodDescription> on) {
    Advice advice = Advice.to(pool.describe(SymptomAdvice.class.getName()).resolve(), locator);
    return (b, td, cl, m, pd) -> b.visit(advice.on(on));
  }

  /** The class with every reference to the hook pointing at its java.base name. */
  static byte[] remap(byte[] classFile) {
    ClassReader r = new ClassReader(classFile);
    ClassWriter w = new ClassWriter(0);
    r.accept(new ClassRemapper(w, new SimpleRemapper(HOOK, HOOK_IN_BASE)), 0);
    return w.toByteArray();
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = SymptomInstaller.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("no " + path + " in the agent jar");
      }
      return in.readAllBytes();
    }
  }

  @SuppressWarnings("unchecked")
  private static void defineHookInJavaBase(Instrumentation inst, Consumer<Throwable> handler)
      throws IOException {
    byte[] hook = remap(resource(HOOK + ".class"));
    byte[] definer = resource(DEFINER.replace('.', '/') + ".class");
    ClassLoader isolated = new ClassLoader("mmlens-base-definer",
        ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.equals(DEFINER)) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, definer, 0, definer.length);
      }
    };
    Module base = Object.class.getModule();
    inst.redefineModule(base, Collections.emptySet(), Collections.emptyMap(),
        Collections.singletonMap("jdk.internal.misc",
            Collections.singleton(isolated.getUnnamedModule())),
        Collections.emptySet(), Collections.emptyMap());
    try {
      BiFunction<byte[], Object, Object> define = (BiFunction<byte[], Object, Object>)
          Class.forName(DEFINER, true, isolated).getDeclaredConstructor().newInstance();
      define.apply(hook, handler);
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot load " + DEFINER + ": " + e, e);
    }
  }
}
