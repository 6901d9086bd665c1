package org.telemetrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class ProbeKeysTest {
  @Test
  void everyProbeKeyIsTheKeyEveryOtherProgramReads() throws Exception {
    int probeKeys = 0;
    for (Field f : ProbeKeys.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigKey.class) {
        ConfigKey<?> key = (ConfigKey<?>) f.get(null);
        assertThat(ConfigKeys.byName(key.name())).as(key.name()).isSameAs(key);
        assertThat(ConfigKeys.class.getField(f.getName()).get(null)).isSameAs(key);
        probeKeys++;
      }
    }
    assertThat(probeKeys).isEqualTo(12);
  }

  @Test
  void noOtherKeyIsAProbeKey() {
    for (ConfigKey<?> key : ConfigKeys.all()) {
      ConfigKey<?> probeKey = ProbeKeys.byName(key.name());
      assertThat(probeKey).as(key.name()).isIn(null, key);
    }
    assertThat(ProbeKeys.byName("server")).isNull();
  }
}
