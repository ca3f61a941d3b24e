package io.mmlens.core.diagnosis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verdict, contributing factors and summary for one report, plus per-zone fits. */
public final class Diagnosis {

  /** One contributing factor: its name and the figures that triggered it. */
  public static final class Factor {
    private final String name;
    private final Map<String, Object> figures;

    Factor(String name, Map<String, Object> figures) {
      this.name = name;
      this.figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public String name() {
      return name;
    }

    public Map<String, Object> figures() {
      return figures;
    }

    /** {@code {name, figures...}} flat, as the field contract lists it. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.putAll(figures);
      return m;
    }
  }

  private final String verdict;
  private final List<Factor> factors;
  private final String summary;
  private final List<ZoneFit> zones;
  private final List<Integer> couldHaveFailedFrom;

  Diagnosis(String verdict, List<Factor> factors, String summary, List<ZoneFit> zones,
      List<Integer> couldHaveFailedFrom) {
    this.verdict = verdict;
    this.factors = Collections.unmodifiableList(new ArrayList<>(factors));
    this.summary = summary;
    this.zones = Collections.unmodifiableList(new ArrayList<>(zones));
    this.couldHaveFailedFrom = couldHaveFailedFrom;
  }

  /**
   * {@code fragmentation}, {@code zone_exhaustion}, {@code memory_exhaustion}, {@code memcg_limit},
   * or {@code inconclusive} when an allowed zone still fits (racy dump) or nothing is known.
   */
  public String verdict() {
    return verdict;
  }

  public List<Factor> factors() {
    return factors;
  }

  /** Whether a factor of that name was found. */
  public boolean hasFactor(String name) {
    for (Factor f : factors) {
      if (f.name.equals(name)) {
        return true;
      }
    }
    return false;
  }

  public String summary() {
    return summary;
  }

  /** Per-zone fits in the dump's zone order. */
  public List<ZoneFit> zones() {
    return zones;
  }

  /** When the order is unknown: lowest order that could have failed, else null. */
  public Integer failingOrdersFrom() {
    return couldHaveFailedFrom == null || couldHaveFailedFrom.isEmpty()
        ? null : couldHaveFailedFrom.get(0);
  }

  /** {@code diagnosis} object. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verdict", verdict);
    List<Object> fl = new ArrayList<>();
    for (Factor f : factors) {
      fl.add(f.toMap());
    }
    m.put("factors", fl);
    m.put("summary", summary);
    if (failingOrdersFrom() != null) {
      m.put("failing_orders_from", failingOrdersFrom());
    }
    return m;
  }
}
