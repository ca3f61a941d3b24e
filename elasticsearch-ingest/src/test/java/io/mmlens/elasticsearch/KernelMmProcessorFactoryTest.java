package io.mmlens.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.elasticsearch.ElasticsearchParseException;
import org.junit.jupiter.api.Test;

class KernelMmProcessorFactoryTest {

  private static KernelMmProcessor create(Map<String, Object> config) throws Exception {
    return Factories.create("t1", "d1", config);
  }

  @Test
  void defaultsAndConsumesEveryKey() throws Exception {
    Map<String, Object> config = new HashMap<>();
    KernelMmProcessor p = create(config);
    assertEquals("message", p.field);
    assertEquals("linux.mm", p.targetField);
    assertFalse(p.ignoreMissing);
    assertEquals("t1", p.getTag());
    assertEquals("kernel_mm", p.getType());
    assertTrue(config.isEmpty());
  }

  @Test
  void readsOptions() throws Exception {
    Map<String, Object> config = new HashMap<>(Map.of("field", "log", "target_field", "mm",
        "kernel_release", "3.10.0-514.el7.x86_64", "ignore_missing", true));
    KernelMmProcessor p = create(config);
    assertEquals("log", p.field);
    assertEquals("mm", p.targetField);
    assertEquals("3.10.0-514.el7.x86_64", p.kernelRelease.text());
    assertTrue(p.ignoreMissing);
    assertTrue(config.isEmpty());
  }

  @Test
  void bothReleaseOptionsAreRefused() {
    Map<String, Object> config = new HashMap<>(Map.of("kernel_release", "5.15.0",
        "kernel_release_field", "host.os.kernel"));
    ElasticsearchParseException e = assertThrows(ElasticsearchParseException.class, () -> create(config));
    assertEquals("[kernel_release] set either [kernel_release] or [kernel_release_field], not both",
        e.getMessage());
  }

  @Test
  void badReleaseAndEmptyFieldAreNamed() {
    ElasticsearchParseException e = assertThrows(ElasticsearchParseException.class,
        () -> create(new HashMap<>(Map.of("kernel_release", "linux"))));
    assertEquals("[kernel_release] [linux] is not a kernel release such as 5.15.0-91-generic", e.getMessage());
    e = assertThrows(ElasticsearchParseException.class, () -> create(new HashMap<>(Map.of("field", ""))));
    assertEquals("[field] must not be empty", e.getMessage());
  }

  @Test
  void wrongTypeIsNamed() {
    ElasticsearchParseException e = assertThrows(ElasticsearchParseException.class,
        () -> create(new HashMap<>(Map.of("field", 3))));
    assertTrue(e.getMessage().startsWith("[field] property isn't a string"), e.getMessage());
  }
}
