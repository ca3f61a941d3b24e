package io.mmlens.core.kmsg;

import java.util.Random;

/**
 * Generates realistic kernel log lines that are not part of any memory report (network, storage,
 * audit, container, hardware messages) with syslog and printk prefixes, from a seeded Random so
 * that tests and benchmarks see the same stream.
 */
public final class UnrelatedLines {

  private static final String[] HOSTS = {"web-01", "web-02", "db-7", "k8s-node-13"};
  private static final String[] MONTHS = {"Nov", "Dec"};

  private final Random rnd;
  private long uptimeMicros = 812_000_000L;
  private final StringBuilder sb = new StringBuilder(256);

  public UnrelatedLines(Random rnd) {
    this.rnd = rnd;
  }

  /** The next line, with a syslog + printk prefix. */
  public String next() {
    sb.setLength(0);
    uptimeMicros += rnd.nextInt(2_000_000);
    int sec = (int) (uptimeMicros / 1_000_000L);
    sb.append(MONTHS[rnd.nextInt(2)]).append(' ').append(10 + rnd.nextInt(18)).append(' ')
        .append(two(sec / 3600 % 24)).append(':').append(two(sec / 60 % 60)).append(':')
        .append(two(sec % 60)).append(' ').append(HOSTS[rnd.nextInt(HOSTS.length)])
        .append(" kernel: [").append(pad(sec, 8)).append('.')
        .append(six((int) (uptimeMicros % 1_000_000L))).append("] ");
    body();
    return sb.toString();
  }

  private void body() {
    int n = rnd.nextInt(1000);
    switch (rnd.nextInt(16)) {
      case 0:
        sb.append("[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=10.0.")
            .append(rnd.nextInt(256)).append('.').append(rnd.nextInt(256))
            .append(" DST=10.0.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=").append(rnd.nextInt(65536))
            .append(" DF PROTO=TCP SPT=").append(1024 + rnd.nextInt(60000))
            .append(" DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0");
        break;
      case 1:
        sb.append("audit: type=1400 audit(17000").append(n).append(".123:").append(n)
            .append("): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd.daemon\" name=\"/proc/")
            .append(n).append("/environ\" pid=").append(n + 1000)
            .append(" comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0");
        break;
      case 2:
        sb.append("e1000e: eth").append(n % 4).append(" NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx");
        break;
      case 3:
        sb.append("IPv6: ADDRCONF(NETDEV_CHANGE): veth").append(Integer.toHexString(n * 7919))
            .append(": link becomes ready");
        break;
      case 4:
        sb.append("docker0: port ").append(n % 32).append("(veth").append(Integer.toHexString(n * 31337))
            .append(") entered forwarding state");
        break;
      case 5:
        sb.append("EXT4-fs (sda").append(n % 4).append("): mounted filesystem with ordered data mode. Quota mode: none.");
        break;
      case 6:
        sb.append("nf_conntrack: nf_conntrack: table full, dropping packet");
        break;
      case 7:
        sb.append("TCP: request_sock_TCP: Possible SYN flooding on port ").append(n)
            .append(". Sending cookies.  Check SNMP counters.");
        break;
      case 8:
        sb.append("blk_update_request: I/O error, dev sdb, sector ").append(n * 104729L)
            .append(" op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0");
        break;
      case 9:
        sb.append("INFO: task kworker/u16:").append(n % 8).append(':').append(n + 200)
            .append(" blocked for more than 120 seconds.");
        break;
      case 10:
        sb.append("perf: interrupt took too long (").append(2500 + n).append(" > ").append(2495 + n)
            .append("), lowering kernel.perf_event_max_sample_rate to ").append(79000 - n);
        break;
      case 11:
        sb.append("ata").append(n % 6 + 1).append(".00: configured for UDMA/133");
        break;
      case 12:
        sb.append("CPU").append(n % 40).append(": Core temperature above threshold, cpu clock throttled (total events = ")
            .append(n).append(')');
        break;
      case 13:
        sb.append("nfs: server 10.0.0.").append(n % 256).append(" not responding, still trying");
        break;
      case 14:
        sb.append("kvm: zapping shadow pages for mmio generation wraparound");
        break;
      default:
        sb.append("cgroup: fork rejected by pids controller in /system.slice/docker-")
            .append(Long.toHexString(rnd.nextLong())).append(".scope");
        break;
    }
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : String.valueOf(v);
  }

  private static String six(int v) {
    String s = String.valueOf(v);
    return "000000".substring(s.length()) + s;
  }

  private static String pad(int v, int w) {
    String s = String.valueOf(v);
    return s.length() >= w ? s : "        ".substring(0, w - s.length()) + s;
  }
}
