package io.mmlens.it.agent;

/** Host app that reports whether OTel classes are visible under their original names. */
public final class VisibilityApp {
  private VisibilityApp() {}

  public static void main(String[] args) {
    for (String name : String.join(" ", args).split(" ")) {
      try {
        Class.forName(name);
        System.out.println("VISIBLE " + name);
      } catch (ClassNotFoundException e) {
        System.out.println("HIDDEN " + name);
      }
    }
  }
}
