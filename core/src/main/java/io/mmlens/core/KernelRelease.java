package io.mmlens.core;

import java.util.Objects;

/**
 * A kernel release string such as {@code 2.6.32-431.17.1.el6.x86_64} or {@code 6.18.44-fc-v657},
 * reduced to the numbers that select formats and algorithms.
 */
public final class KernelRelease implements Comparable<KernelRelease> {

  private final String text;
  private final int major;
  private final int minor;
  private final int patch;

  private KernelRelease(String text, int major, int minor, int patch) {
    this.text = text;
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  /** A release from its numbers, for tests and explicit overrides. */
  public static KernelRelease of(int major, int minor, int patch) {
    return new KernelRelease(major + "." + minor + "." + patch, major, minor, patch);
  }

  /**
   * Parses the leading {@code major.minor[.patch]} of a release string; everything after it (the
   * local version) is kept in {@link #text()} only.
   *
   * @return null when the text does not start with {@code digits.digits}
   */
  public static KernelRelease parse(CharSequence release) {
    if (release == null) {
      return null;
    }
    String s = release.toString().trim();
    int[] nums = new int[3];
    int n = 0;
    int i = 0;
    int len = s.length();
    while (n < 3 && i < len) {
      int start = i;
      long v = 0;
      while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 6) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start) {
        break;
      }
      nums[n++] = (int) v;
      if (i < len && s.charAt(i) == '.' && i + 1 < len && Character.isDigit(s.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (n < 2) {
      return null;
    }
    return new KernelRelease(s, nums[0], nums[1], nums[2]);
  }

  /** The release as written, e.g. {@code 3.10.0-514.el7.x86_64}. */
  public String text() {
    return text;
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  public int patch() {
    return patch;
  }

  /** True when this release is {@code major.minor} or newer (patch ignored). */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  /** True when this release is at least {@code major.minor.patch}. */
  public boolean atLeast(int major, int minor, int patch) {
    return compareTo(of(major, minor, patch)) >= 0;
  }

  @Override
  public int compareTo(KernelRelease o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(patch, o.patch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelRelease && text.equals(((KernelRelease) o).text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
