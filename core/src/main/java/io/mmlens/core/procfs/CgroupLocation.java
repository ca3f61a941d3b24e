package io.mmlens.core.procfs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where this process's memory cgroup lives: hierarchy version, cgroup path, directory. */
public final class CgroupLocation {

  private final int version;
  private final String cgroupPath;
  private final String directory;

  public CgroupLocation(int version, String cgroupPath, String directory) {
    this.version = version;
    this.cgroupPath = cgroupPath;
    this.directory = directory;
  }

  /** 1 (memory controller hierarchy) or 2 (unified). */
  public int version() {
    return version;
  }

  /** Path as /proc/self/cgroup prints it, e.g. {@code /process_api/5554...}. */
  public String cgroupPath() {
    return cgroupPath;
  }

  /** Kernel path of the cgroup directory, e.g. {@code /sys/fs/cgroup/memory/process_api/5554...}. */
  public String directory() {
    return directory;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("path", cgroupPath);
    m.put("directory", directory);
    return m;
  }
}
