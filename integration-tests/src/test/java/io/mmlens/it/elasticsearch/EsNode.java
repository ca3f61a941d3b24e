package io.mmlens.it.elasticsearch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A throwaway single-node Elasticsearch (integ-test-zip) on 127.0.0.1, run as nobody, with the plugin installed. */
final class EsNode implements AutoCloseable {
  static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
  final Path home;
  final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  EsNode(Path dist, Path pluginZip) throws Exception {
    Path version;
    try (Stream<Path> s = Files.list(dist)) {
      version = s.filter(p -> p.getFileName().toString().startsWith("elasticsearch-")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no elasticsearch-* in " + dist));
    }
    // under /tmp, not the build tree: nobody must reach it, and CI checks out under a root-only directory
    home = Files.createTempDirectory(Path.of("/tmp"), "mmlens-es-node-");
    try {
      prepare(version, pluginZip);
    } catch (Exception e) {
      delete(home);
      throw e;
    }
    try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = ss.getLocalPort();
    }
  }

  private void prepare(Path version, Path pluginZip) throws Exception {
    run(List.of("cp", "-a", version + "/.", home.toString()));
    run(List.of("chmod", "-R", "a+rx", home.resolve("bin").toString()));
    run(List.of("env", "ES_JAVA_HOME=" + JAVA_HOME, home.resolve("bin/elasticsearch-plugin").toString(),
        "install", "--batch", pluginZip.toUri().toString()));
    // ES refuses root; the node runs as nobody, who must own its files
    run(List.of("chmod", "-R", "a+rwX", home.toString()));
  }

  void start() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("runuser", "-u", "nobody", "--",
        "env", "ES_JAVA_HOME=" + JAVA_HOME, "ES_JAVA_OPTS=-Xms512m -Xmx512m",
        home.resolve("bin/elasticsearch").toString(), "-p", home.resolve("pid").toString(),
        "-E", "discovery.type=single-node", "-E", "xpack.security.enabled=false",
        "-E", "network.host=127.0.0.1", "-E", "http.port=" + port,
        "-E", "path.data=" + home.resolve("data"), "-E", "path.logs=" + home.resolve("logs"),
        "-E", "cluster.routing.allocation.disk.threshold_enabled=false");
    pb.redirectErrorStream(true).redirectOutput(home.resolve("stdout.log").toFile());
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("elasticsearch exited: " + Files.readString(home.resolve("stdout.log")));
      }
      try {
        if (request("GET", "/_cluster/health?wait_for_status=yellow&timeout=1s", null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("elasticsearch did not answer on port " + port + " within 120 s");
  }

  /** The node's process id, from the pid file it writes once started. */
  String pid() throws IOException {
    return Files.readString(home.resolve("pid")).trim();
  }

  HttpResponse<String> request(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60)).header("Content-Type",
            path.contains("_bulk") ? "application/x-ndjson" : "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String ok(String method, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = request(method, path, body);
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @Override
  public void close() throws Exception {
    try {
      Path pid = home.resolve("pid");
      if (Files.exists(pid)) {
        run(List.of("kill", Files.readString(pid).trim()));
      }
      if (process != null) {
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } finally {
      delete(home);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(cmd + " failed: " + out);
    }
  }
}
