package io.mmlens.core.fuzz;

/**
 * How long each fuzz target runs in fuzzing mode: {@code fuzz.duration} of the build (60s in the
 * normal test command, 10m with {@code -Pfuzz}). Generated from core/src/test/fuzz-template
 * because an annotation value must be a compile-time constant.
 */
public final class FuzzBudget {
  public static final String DURATION = "${fuzz.duration}";

  private FuzzBudget() {}
}
