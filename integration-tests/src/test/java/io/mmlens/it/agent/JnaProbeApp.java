package io.mmlens.it.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Host app for the JNA isolation test: waits for a line on stdin (sent once the agent runs),
 * then reports whether JNA is visible to it and which non-JDK threads exist.
 */
public final class JnaProbeApp {
  private JnaProbeApp() {}

  public static void main(String[] args) throws Exception {
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    for (String name : new String[] {"com.sun.jna.Native", "com.sun.jna.Platform"}) {
      try {
        Class.forName(name);
        System.out.println("VISIBLE " + name);
      } catch (ClassNotFoundException e) {
        System.out.println("HIDDEN " + name);
      }
    }
    for (String k : new String[] {"jna.tmpdir", "jna.nosys", "jna.nounpack", "jnidispatch.path",
        "jna.platform.library.path"}) {
      System.out.println("PROPERTY " + k + "=" + System.getProperty(k));
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      System.out.println("THREAD " + t.getName() + " daemon=" + t.isDaemon());
    }
    System.out.println("app done");
  }
}
