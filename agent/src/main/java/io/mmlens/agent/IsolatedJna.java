package io.mmlens.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Runs JNA in a module layer of its own. JNA cannot be relocated (libjnidispatch's JNI symbols
 * are bound to {@code com.sun.jna} names), so the agent jar carries it as a nested jar
 * ({@value #NESTED_JAR}, classes plus the Linux native libraries only) that no class loader of
 * the host reads. At run time it and a one-class bridge jar become two automatic modules in a
 * new layer whose loader's parent is the platform loader: it sees the JDK and nothing of the
 * application or the agent, and the application cannot see it. On JDK 22+ the layer grants
 * native access to the JNA module alone, so JDK 24+ prints no "restricted method" warning and
 * the host's own unnamed modules are not touched.
 *
 * <p>Both jars are written to a fresh owner-only directory {@code <base>/mmlens-jna-<random>/}
 * (base: {@code mmlens.tmpdir}, default {@code java.io.tmpdir}), which is also {@code jna.tmpdir}
 * while JNA initializes, so JNA unpacks libjnidispatch there (and removes it once loaded) and never
 * touches {@code ~/.cache/JNA}. The directory is deleted as soon as the call returned. While JNA
 * initializes, its global switches are set so it neither picks up a system-installed
 * libjnidispatch nor one named by the host's own {@code jna.boot.library.path}, and restored
 * afterwards.
 */
final class IsolatedJna {

  static final String NESTED_JAR = "/META-INF/mmlens/jna.jar";
  private static final String BRIDGE = "io.mmlens.agent.jna.Sysconf";
  private static final String JNA_MODULE = "jna";
  private static final String BRIDGE_MODULE = "mmlens.jna.bridge";

  private IsolatedJna() {}

  /** Calls {@code sysconf(_SC_PAGESIZE)}; throws (anything) when JNA cannot run here. */
  static long sysconfPageSize(Path tmpBase, Instrumentation inst) throws Exception {
    Path dir = Files.createTempDirectory(tmpBase, "mmlens-jna-"); // rwx------ on POSIX
    String[] keys = {"jna.tmpdir", "jna.nosys", "jna.nounpack", "jna.boot.library.path",
        "jna.boot.library.name", "jna.noclasspath", "jnidispatch.path",
        "jna.platform.library.path"};
    Map<String, String> saved = new HashMap<>();
    try {
      Path jna = dir.resolve(JNA_MODULE + ".jar");
      try (InputStream in = IsolatedJna.class.getResourceAsStream(NESTED_JAR)) {
        if (in == null) {
          throw new IOException("no " + NESTED_JAR + " in the agent jar");
        }
        Files.copy(in, jna);
      }
      writeBridgeJar(dir.resolve("mmlens-jna-bridge.jar"));
      ModuleLayer.Controller ctl = defineLayer(dir);
      ClassLoader loader = ctl.layer().findLoader(BRIDGE_MODULE);
      Class<?> bridge = Class.forName(BRIDGE, true, loader);
      grantNativeAccess(ctl, bridge, inst);
      synchronized (System.getProperties()) {
        for (String k : keys) {
          saved.put(k, System.getProperty(k));
          System.clearProperty(k);
        }
        System.setProperty("jna.tmpdir", dir.toString());
        System.setProperty("jna.nosys", "true");
      }
      LongSupplier sysconf = (LongSupplier) bridge.getDeclaredConstructor().newInstance();
      return sysconf.getAsLong();
    } finally {
      synchronized (System.getProperties()) {
        for (Map.Entry<String, String> e : saved.entrySet()) {
          if (e.getValue() == null) {
            System.clearProperty(e.getKey());
          } else {
            System.setProperty(e.getKey(), e.getValue());
          }
        }
      }
      deleteTree(dir);
    }
  }

  private static ModuleLayer.Controller defineLayer(Path dir) {
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolve(ModuleFinder.of(dir), ModuleFinder.of(),
        Set.of(JNA_MODULE, BRIDGE_MODULE));
    return ModuleLayer.defineModulesWithOneLoader(cf, List.of(boot),
        ClassLoader.getPlatformClassLoader());
  }

  /**
   * JDK 22+ checks native access (JDK 24+ warns on stderr): grant it to the JNA module only. As
   * an agent: java.base opens java.lang to the bridge module alone, which calls the internal,
   * unrestricted grant. Without Instrumentation (java -jar, whose manifest grants ALL-UNNAMED):
   * the public {@code ModuleLayer.Controller.enableNativeAccess}.
   */
  private static void grantNativeAccess(ModuleLayer.Controller ctl, Class<?> bridge,
      Instrumentation inst) throws ReflectiveOperationException {
    Module jna = ctl.layer().findModule(JNA_MODULE).orElseThrow();
    if (Runtime.version().feature() < 22) {
      return;
    }
    if (inst != null) {
      inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
          Map.of("java.lang", Set.of(bridge.getModule())), Set.of(), Map.of());
      if ((Boolean) bridge.getMethod("grantNativeAccess", Module.class).invoke(null, jna)) {
        return;
      }
    }
    ModuleLayer.Controller.class.getMethod("enableNativeAccess", Module.class).invoke(ctl, jna);
  }

  /** The bridge class alone in a jar, so it becomes an automatic module next to JNA. */
  private static void writeBridgeJar(Path jar) throws IOException {
    String entry = BRIDGE.replace('.', '/') + ".class";
    try (InputStream in = IsolatedJna.class.getResourceAsStream("/" + entry);
         OutputStream out = Files.newOutputStream(jar);
         JarOutputStream j = new JarOutputStream(out)) {
      if (in == null) {
        throw new IOException("no " + entry + " in the agent jar");
      }
      j.putNextEntry(new JarEntry(entry));
      j.write(in.readAllBytes());
      j.closeEntry();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover in a private temp dir is harmless
        }
      });
    } catch (IOException e) {
      // same
    }
  }
}
