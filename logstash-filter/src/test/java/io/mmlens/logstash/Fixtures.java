package io.mmlens.logstash;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real kernel logs of core's report fixtures ({@code core/src/test/resources/reports/*}),
 * read from core's test-jar, one list of physical lines per folder.
 */
final class Fixtures {

  private Fixtures() {}

  static Map<String, List<String>> reportLogs() {
    try {
      URL url = Fixtures.class.getResource("/reports");
      if (url == null) {
        throw new IllegalStateException("core test-jar with /reports is not on the classpath");
      }
      URI uri = url.toURI();
      Path root;
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Collections.<String, Object>emptyMap());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        root = fs.getPath("/reports");
      } else {
        root = Paths.get(uri);
      }
      Map<String, List<String>> out = new TreeMap<>();
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path d : (Iterable<Path>) dirs::iterator) {
          Path log = d.resolve("input.log");
          if (Files.exists(log)) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String l : text.split("\n", -1)) {
              lines.add(l);
            }
            if (lines.get(lines.size() - 1).isEmpty()) {
              lines.remove(lines.size() - 1);
            }
            out.put(d.getFileName().toString().replace("/", ""), lines);
          }
        }
      }
      return out;
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read core's report fixtures", e);
    }
  }
}
