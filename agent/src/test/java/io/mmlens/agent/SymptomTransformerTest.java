package io.mmlens.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SymptomTransformerTest {

  /** Stands in for the java.base hook; records what the woven code hands it. */
  public static final class RecordingHook {
    static final List<Throwable> SEEN = new ArrayList<>();
    static volatile boolean fail;

    public static void thrown(Throwable t) {
      SEEN.add(t);
      if (fail) {
        throw new IllegalStateException("hook failed");
      }
    }
  }

  /** Woven in the tests: each method shape the JDK methods have. */
  public static final class Fixture {
    public static int allocate(int n) throws IOException {
      if (n < 0) {
        throw new IOException("error=12, Cannot allocate memory");
      }
      return n * 2;
    }

    public synchronized String start(String s) {
      synchronized (this) {
        return s.toUpperCase(); // NullPointerException for null
      }
    }

    public static long handledInside(long v) {
      try {
        if (v == 0) {
          throw new IllegalArgumentException("inner");
        }
        return v;
      } catch (IllegalArgumentException e) {
        return -1; // the method's own handler must still see its exception first
      }
    }
  }

  private Class<?> woven;

  @BeforeEach
  void weave() throws Exception {
    RecordingHook.SEEN.clear();
    RecordingHook.fail = false;
    String owner = Fixture.class.getName().replace('.', '/');
    byte[] bytes = new SymptomTransformer(RecordingHook.class.getName().replace('.', '/'),
        (o, access, name, desc) -> o.equals(owner)).weave(owner, classFile(Fixture.class.getName()));
    assertNotNull(bytes);
    // a fresh loader: its classes go through the bytecode verifier, which checks our frames
    woven = new ClassLoader(getClass().getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.equals(Fixture.class.getName())) {
          synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            return c != null ? c : defineClass(name, bytes, 0, bytes.length);
          }
        }
        return super.loadClass(name, resolve);
      }
    }.loadClass(Fixture.class.getName());
  }

  @Test
  void theHostSeesTheOriginalThrowableAndTheHookSeesItToo() throws Exception {
    Throwable t = invokeFailing("allocate", new Class<?>[] {int.class}, null, -1);
    assertTrue(t instanceof IOException && t.getMessage().startsWith("error=12"), t.toString());
    assertEquals(List.of(t), RecordingHook.SEEN);
  }

  @Test
  void normalReturnsAreUntouched() throws Exception {
    assertEquals(42, woven.getMethod("allocate", int.class).invoke(null, 21));
    Object o = woven.getDeclaredConstructor().newInstance();
    assertEquals("AB", woven.getMethod("start", String.class).invoke(o, "ab"));
    assertEquals(7L, woven.getMethod("handledInside", long.class).invoke(null, 7L));
    assertTrue(RecordingHook.SEEN.isEmpty());
  }

  @Test
  void synchronizedBodiesRethrowAndReleaseTheirMonitor() throws Exception {
    Object o = woven.getDeclaredConstructor().newInstance();
    Throwable t = invokeFailing("start", new Class<?>[] {String.class}, o, (Object) null);
    assertTrue(t instanceof NullPointerException, t.toString());
    assertEquals(List.of(t), RecordingHook.SEEN);
    assertTrue(!Thread.holdsLock(o));
  }

  @Test
  void theMethodsOwnHandlersKeepPrecedence() throws Exception {
    assertEquals(-1L, woven.getMethod("handledInside", long.class).invoke(null, 0L));
    assertTrue(RecordingHook.SEEN.isEmpty());
  }

  @Test
  void aFailingHookNeverReplacesTheHostsThrowable() throws Exception {
    RecordingHook.fail = true;
    Throwable t = invokeFailing("allocate", new Class<?>[] {int.class}, null, -1);
    assertTrue(t instanceof IOException, t.toString());
    assertEquals(1, RecordingHook.SEEN.size());
  }

  @Test
  void exactlyTheFourJdkMethodsAreWoven() throws Exception {
    SymptomTransformer jdk = new SymptomTransformer(SymptomInstaller.HOOK_IN_BASE);
    for (String c : List.of("java/lang/ProcessBuilder", "java/lang/Thread", "java/nio/ByteBuffer",
        "sun/nio/ch/FileChannelImpl")) {
      byte[] original = classFile(c.replace('/', '.'));
      byte[] out = jdk.transform(null, c, null, null, original);
      assertNotNull(out, c);
      List<String> calls = hookCallers(out);
      assertEquals(1, calls.size(), c + ": " + calls);
    }
    // other classes, and any class of a non-bootstrap loader, are left alone
    assertNull(jdk.transform(null, "java/lang/String", null, null, classFile("java.lang.String")));
    assertNull(jdk.transform(getClass().getClassLoader(), "java/lang/Thread", null, null,
        classFile("java.lang.Thread")));
  }

  private Throwable invokeFailing(String name, Class<?>[] types, Object target, Object... args)
      throws Exception {
    Method m = woven.getMethod(name, types);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> m.invoke(target, args));
    assertSame(e.getCause(), RecordingHook.SEEN.isEmpty() ? e.getCause() : RecordingHook.SEEN.get(0));
    return e.getCause();
  }

  /** Methods of the class file that call the hook. */
  private static List<String> hookCallers(byte[] classFile) {
    List<String> callers = new ArrayList<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String sig,
          String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitMethodInsn(int op, String owner, String n, String d, boolean itf) {
            if (owner.equals(SymptomInstaller.HOOK_IN_BASE)) {
              callers.add(name + desc);
            }
          }
        };
      }
    }, 0);
    return callers;
  }

  private static byte[] classFile(String className) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(className.replace('.', '/') + ".class")) {
      assertNotNull(in, className);
      return in.readAllBytes();
    }
  }
}
