package io.mmlens.core.diagnosis;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.gfp.GfpDecoding;
import io.mmlens.core.kmsg.KernelReport;
import io.mmlens.core.kmsg.ReportAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@link ReportAnalysis} that adds request.gfp.*, per-zone fit fields and diagnosis.*. */
public final class GfpDiagAnalysis implements ReportAnalysis {

  private final KernelRelease override;

  /** @param override explicit kernel release ({@code --kernel}, {@code kernel_release}); null for none */
  public GfpDiagAnalysis(KernelRelease override) {
    this.override = override;
  }

  /** The report with this analysis attached. */
  public static KernelReport attach(KernelReport r, KernelRelease override) {
    return r.withAnalysis(new GfpDiagAnalysis(override));
  }

  /** Computes the diagnosis of a report (independent of any attached analysis). */
  public Diagnosis diagnose(KernelReport r) {
    Map<String, Object> plain = r.withAnalysis(null).toMap();
    return Diagnoser.diagnose(r, Diagnoser.gfp(r, override), allowedNodes(plain), plain);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void contribute(KernelReport report, Map<String, Object> root) {
    GfpDecoding gfp = Diagnoser.gfp(report, override);
    Diagnosis d = Diagnoser.diagnose(report, gfp, allowedNodes(root), root);
    Map<String, Object> req = (Map<String, Object>) root.get("request");
    if (req != null && gfp != null) {
      Map<String, Object> g = (Map<String, Object>) req.get("gfp");
      Map<String, Object> gm = gfp.toMap();
      gm.remove("mask"); // keep the parser's "as printed" value
      g.putAll(gm);
    }
    List<Object> zones = (List<Object>) root.get("zones");
    if (zones != null) {
      for (int i = 0; i < zones.size() && i < d.zones().size(); i++) {
        ((Map<String, Object>) zones.get(i)).putAll(d.zones().get(i).toMap());
      }
    }
    boolean request = report.order() != null || report.gfpMask() != null;
    if (zones != null && !zones.isEmpty() || "memcg_oom".equals(report.kind()) || request) {
      root.put("diagnosis", d.toMap());
    }
  }

  /** Nodes from nodemask or mems_allowed ("0", "0-1", "0,2"), null when not printed. */
  @SuppressWarnings("unchecked")
  static List<Integer> allowedNodes(Map<String, Object> root) {
    Map<String, Object> req = (Map<String, Object>) root.get("request");
    if (req == null) {
      return null;
    }
    Object v = req.get("mems_allowed");
    if (!(v instanceof String)) {
      v = req.get("nodemask");
    }
    if (!(v instanceof String) || ((String) v).equals("(null)")) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (String part : ((String) v).split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      try {
        if (dash > 0) {
          int a = Integer.parseInt(p.substring(0, dash));
          int b = Integer.parseInt(p.substring(dash + 1));
          for (int n = a; n <= b && n - a < 1024; n++) {
            out.add(n);
          }
        } else if (!p.isEmpty()) {
          out.add(Integer.parseInt(p));
        }
      } catch (NumberFormatException e) {
        return null; // unreadable mask: do not restrict
      }
    }
    return out.isEmpty() ? null : out;
  }
}
