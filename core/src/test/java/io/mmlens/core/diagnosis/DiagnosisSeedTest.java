package io.mmlens.core.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.json.Json;
import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosisSeedTest {

  static List<KernelReport> seed(String dir) throws IOException {
    try (InputStream in = DiagnosisSeedTest.class.getResourceAsStream(
        "/reports/" + dir + "/input.log")) {
      assertNotNull(in, dir);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return KernelLogDecoder.decodeText(dir, text);
    }
  }

  @Test
  void dump() throws IOException {
    for (String s : new String[] {"seed000-2.6.32-431.17.1.el6.x86_64", "seed001-2.6.39-linode33",
        "seed002-3.2.59", "seed003-3.13.0-86-generic", "seed004-3.10.0-514.el7.x86_64",
        "devkmsg-memcg-v1-6.18.44-fc-v657"}) {
      for (KernelReport r : seed(s)) {
        Map<String, Object> m = GfpDiagAnalysis.attach(r, null).toMap();
        System.out.println(s + " " + Json.write(m.get("request")));
        System.out.println("  diag " + Json.write(m.get("diagnosis")));
        for (Object z : (List<?>) m.get("zones")) {
          Map<?, ?> zm = (Map<?, ?>) z;
          System.out.println("  " + zm.get("node") + " " + zm.get("name") + " fit=" + zm.get("request_fit")
              + " margin=" + zm.get("margin_pages") + " frag=" + zm.get("fragmentation_index")
              + " lfo=" + zm.get("largest_free_order") + " res=" + zm.get("request_reserve_pages"));
        }
      }
    }
  }
}
