package io.mmlens.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a parser decoded plus the problems it met. Parsers never throw on bad input; they return
 * as much as they could decode and say what was wrong.
 *
 * @param <T> the decoded value; never null (parsers return an empty model when nothing decoded)
 */
public final class Parsed<T> {

  private final T value;
  private final List<Problem> problems;

  private Parsed(T value, List<Problem> problems) {
    this.value = Objects.requireNonNull(value, "value");
    this.problems = problems;
  }

  public static <T> Parsed<T> of(T value) {
    return new Parsed<>(value, Collections.emptyList());
  }

  public static <T> Parsed<T> of(T value, List<Problem> problems) {
    return new Parsed<>(
        value,
        problems.isEmpty()
            ? Collections.emptyList()
            : Collections.unmodifiableList(new ArrayList<>(problems)));
  }

  public T value() {
    return value;
  }

  public List<Problem> problems() {
    return problems;
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
