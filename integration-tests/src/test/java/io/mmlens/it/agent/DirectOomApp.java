package io.mmlens.it.agent;

import java.nio.ByteBuffer;

/** A host service that hits its direct-memory limit and handles the error itself. */
public final class DirectOomApp {
  public static void main(String[] args) throws Exception {
    Thread.sleep(Long.parseLong(args[0])); // the agent installs its hooks off the startup path
    try {
      ByteBuffer.allocateDirect(8 << 20);
      System.out.println("allocated");
    } catch (OutOfMemoryError e) {
      System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
    }
    Thread.sleep(Long.parseLong(args[1])); // time for the record to be exported
    System.out.println("done");
  }

  private DirectOomApp() {}
}
