package io.mmlens.agent.define;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Defines the renamed symptom hook inside java.base ({@code jdk.internal.misc}) and hands it the
 * agent's handler. Loaded only by a one-class loader of its own: java.base opens
 * {@code jdk.internal.misc} to that loader's unnamed module alone, not to the application's.
 */
public final class BaseDefiner implements BiFunction<byte[], Object, Object> {

  /** Any class of the target package serves as the lookup's anchor. */
  static final String ANCHOR = "jdk.internal.misc.VM";

  @Override
  public Object apply(byte[] hookBytes, Object handler) {
    try {
      MethodHandles.Lookup base = MethodHandles.privateLookupIn(
          Class.forName(ANCHOR, false, null), MethodHandles.lookup());
      Class<?> hook = base.defineClass(hookBytes);
      base.findStatic(hook, "setHandler", MethodType.methodType(void.class, Consumer.class))
          .invoke(handler);
      return hook;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot define the hook in java.base: " + t, t);
    }
  }
}
