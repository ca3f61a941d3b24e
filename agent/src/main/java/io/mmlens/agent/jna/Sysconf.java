package io.mmlens.agent.jna;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * {@code sysconf(_SC_PAGESIZE)} through JNA. Only ever loaded by the agent's isolated class loader
 * ({@code io.mmlens.agent.IsolatedJna}), which also holds JNA; the host sees neither.
 *
 * <p>The symbol is looked up in the process's global scope ({@code dlopen(NULL)}, where the JVM
 * already has libc) with JNA's {@code Native.open}/{@code findSymbol} instead of through
 * {@code NativeLibrary}: NativeLibrary's static initializer runs {@code /sbin/ldconfig -p} as a
 * child process of the host JVM and sets the global {@code jna.platform.library.path} property,
 * and its instances start JNA's cleaner thread.
 */
public final class Sysconf implements LongSupplier {

  /** _SC_PAGESIZE on Linux (glibc and musl: both 30, {@code bits/confname.h}). */
  private static final int SC_PAGESIZE = 30;

  @Override
  public long getAsLong() {
    try {
      Method open = Native.class.getDeclaredMethod("open", String.class);
      Method find = Native.class.getDeclaredMethod("findSymbol", long.class, String.class);
      Method close = Native.class.getDeclaredMethod("close", long.class);
      open.setAccessible(true);
      find.setAccessible(true);
      close.setAccessible(true);
      long process = (Long) open.invoke(null, (Object) null);
      try {
        long address = (Long) find.invoke(null, process, "sysconf");
        Function f = Function.getFunction(new Pointer(address));
        Object[] args = {SC_PAGESIZE};
        // sysconf returns a C long: 64 bits on LP64, 32 bits on 32-bit Linux
        return Native.LONG_SIZE == 8 ? f.invokeLong(args) : f.invokeInt(args);
      } finally {
        close.invoke(null, process);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("JNA " + Native.VERSION + ": " + e, e);
    }
  }


  /**
   * Grants native access to JNA's module (JDK 22+), before JNA's first {@code System.load}:
   * {@code Module.implAddEnableNativeAccess} is not itself a restricted method, unlike the public
   * {@code ModuleLayer.Controller.enableNativeAccess}, which would print the very JDK 24+ warning
   * it is meant to avoid when called from a module without native access. The agent has opened
   * {@code java.lang} to this module alone. False when this JDK has no such method.
   */
  public static boolean grantNativeAccess(Module jna) throws ReflectiveOperationException {
    Method m;
    try {
      m = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
    } catch (NoSuchMethodException e) {
      return false;
    }
    m.setAccessible(true);
    m.invoke(jna);
    return true;
  }
}
