package io.mmlens.agent;

import io.mmlens.bootstrap.SymptomHook;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of the watched JDK methods: reports what they throw to {@link SymptomHook}.
 * {@code suppress} guarantees the advice itself can never throw into the host; the original
 * exception continues unchanged.
 */
public final class SymptomAdvice {

  private SymptomAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Thrown Throwable thrown) {
    if (thrown != null) {
      SymptomHook.thrown(thrown);
    }
  }
}
