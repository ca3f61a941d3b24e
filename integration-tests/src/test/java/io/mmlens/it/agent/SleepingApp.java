package io.mmlens.it.agent;

/** Host workload for agent tests: lives for the given milliseconds, then exits normally. */
public final class SleepingApp {
  private SleepingApp() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]));
    System.out.println("app done");
  }
}
