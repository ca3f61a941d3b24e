package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the process's memory cgroup from /proc/self/cgroup and /proc/self/mountinfo: the v1
 * {@code N:memory:/path} line under the {@code cgroup} mount with the {@code memory} option, else
 * the v2 {@code 0::/path} line under the {@code cgroup2} mount. Without mountinfo the usual mount
 * points {@code /sys/fs/cgroup/memory} (v1) and {@code /sys/fs/cgroup} (v2) are assumed.
 */
public final class CgroupLocator {

  public static final String SELF_CGROUP = "/proc/self/cgroup";
  public static final String MOUNTINFO = "/proc/self/mountinfo";

  private CgroupLocator() {}

  /** Locates through the files under {@code fs}; version 0 (no directory) when nothing was found. */
  public static Parsed<CgroupLocation> locate(ProcFs fs) {
    Parsed<String> cg = fs.read(SELF_CGROUP);
    if (!cg.ok()) {
      return nullResult(cg.problems());
    }
    Parsed<String> mi = fs.read(MOUNTINFO);
    // A missing mountinfo is not fatal: fall back to the conventional mount points.
    return locate(cg.value(), mi.ok() ? mi.value() : null);
  }

  /** Pure decode of the two files' text; mountinfo may be null; version 0 when not found. */
  public static Parsed<CgroupLocation> locate(CharSequence selfCgroup, CharSequence mountinfo) {
    List<Problem> problems = new ArrayList<>(0);
    String v1 = null;
    String v2 = null;
    Text t = new Text(selfCgroup);
    while (t.nextLine()) {
      if (t.blank()) {
        continue;
      }
      String line = t.s.subSequence(t.lineStart, t.lineEnd).toString().trim();
      int c1 = line.indexOf(':');
      int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
      if (c2 < 0) {
        problems.add(new Problem(SELF_CGROUP, t.lineNo, Problem.Kind.MALFORMED,
            "expected 'id:controllers:path', got '" + t.lineText() + "'"));
        continue;
      }
      String controllers = line.substring(c1 + 1, c2);
      String path = line.substring(c2 + 1);
      if (controllers.isEmpty() && line.startsWith("0:")) {
        v2 = path;
      } else if (hasWord(controllers, "memory")) {
        v1 = path;
      }
    }
    String v1Mount = null;
    String v1Root = "/";
    String v2Mount = null;
    String v2Root = "/";
    if (mountinfo != null) {
      Text m = new Text(mountinfo);
      while (m.nextLine()) {
        String[] f = new String[5];
        for (int i = 0; i < 5; i++) {
          f[i] = m.token();
        }
        String tok;
        while ((tok = m.token()) != null && !tok.equals("-")) {
          // optional fields
        }
        String fstype = m.token();
        m.token(); // source
        String superOpts = m.token();
        if (fstype == null || f[4] == null) {
          continue;
        }
        if (fstype.equals("cgroup") && superOpts != null && hasWord(superOpts, "memory")) {
          v1Mount = f[4];
          v1Root = f[3];
        } else if (fstype.equals("cgroup2") && v2Mount == null) {
          v2Mount = f[4];
          v2Root = f[3];
        }
      }
    } else {
      v1Mount = "/sys/fs/cgroup/memory";
      v2Mount = "/sys/fs/cgroup";
    }
    if (v1 != null && v1Mount != null) {
      return Parsed.of(new CgroupLocation(1, v1, join(v1Mount, v1Root, v1)), problems);
    }
    if (v2 != null && v2Mount != null) {
      return Parsed.of(new CgroupLocation(2, v2, join(v2Mount, v2Root, v2)), problems);
    }
    problems.add(new Problem(SELF_CGROUP, 0, Problem.Kind.MISSING,
        v1 == null && v2 == null ? "no memory controller (v1) or 0:: (v2) line"
            : "the memory cgroup hierarchy is not mounted"));
    return nullResult(problems);
  }

  /** Mount point + the cgroup path relative to the mount's root (a cgroup namespace may hide it). */
  static String join(String mount, String root, String path) {
    String rel = path;
    if (root != null && !root.equals("/") && path.startsWith(root)) {
      rel = path.substring(root.length());
    }
    if (rel.isEmpty() || rel.equals("/")) {
      return mount;
    }
    return mount.endsWith("/") ? mount + rel.substring(1) : mount + rel;
  }

  private static boolean hasWord(String commaList, String word) {
    int i = 0;
    while (i <= commaList.length()) {
      int j = commaList.indexOf(',', i);
      if (j < 0) {
        j = commaList.length();
      }
      if (commaList.regionMatches(i, word, 0, word.length()) && j - i == word.length()) {
        return true;
      }
      i = j + 1;
    }
    return false;
  }

  private static Parsed<CgroupLocation> nullResult(List<Problem> problems) {
    // Parsed forbids a null value; the "not found" location has version 0 and no directory.
    return Parsed.of(new CgroupLocation(0, null, null), problems);
  }
}
