package io.mmlens.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;

/**
 * Installs the JVM-symptom hooks on the four JDK methods whose failures kernel or JVM memory
 * limits explain (process start, thread start, direct buffers, file mapping), woven by
 * {@link SymptomTransformer}. Runs on the agent's daemon thread, never on the host's startup
 * path.
 *
 * <p>Code woven into a JDK class can only call classes that class sees, so the hook
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
  static void install(Instrumentation inst, Consumer<Throwable> handler)
      throws IOException, ClassNotFoundException, UnmodifiableClassException {
    defineHookInJavaBase(inst, handler);
    // stays registered (a few bytes): should another agent retransform these classes later,
    // the hooks are woven in again
    inst.addTransformer(new SymptomTransformer(HOOK_IN_BASE), true);
    inst.retransformClasses(ProcessBuilder.class, Thread.class, ByteBuffer.class,
        Class.forName("sun.nio.ch.FileChannelImpl", false, null));
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
