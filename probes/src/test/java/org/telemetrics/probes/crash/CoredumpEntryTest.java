package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoredumpEntryTest {
  private static Map<String, String> entry(String realtime) {
    Map<String, String> f = new HashMap<>();
    f.put("MESSAGE_ID", CoredumpEntry.MESSAGE_ID);
    f.put("__CURSOR", "s=1;i=2");
    f.put("COREDUMP_PID", "42");
    f.put("COREDUMP_EXE", "/usr/bin/demo");
    f.put("__REALTIME_TIMESTAMP", realtime);
    return f;
  }

  @Test
  void readsACompleteEntry() {
    CoredumpEntry e = CoredumpEntry.of(entry("1795347986123456")).orElseThrow();
    assertThat(e.realtimeMicros()).isEqualTo(1795347986123456L);
    assertThat(e.pid()).isEqualTo(42);
    assertThat(e.comm()).isEqualTo("demo");
  }

  @Test
  void passesOverATimestampPastALongInsteadOfThrowing() {
    assertThat(CoredumpEntry.of(entry("9999999999999999999"))).isEmpty();
  }
}
