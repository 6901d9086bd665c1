package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.testing.GoldenVectors;

/** The reader of staged files also takes what the C telemprobd left in its spool directory. */
class CStagedFilesTest {
  @Test
  void aCStagedRecordIsRead() throws Exception {
    byte[] bytes = GoldenVectors.bytes("staged/correct_message");
    SpoolEntry e = SpoolFileFormat.decode(bytes, 1234);
    assertThat(e.kind()).isEqualTo(SpoolFileFormat.Kind.C_CLIENT);
    assertThat(e.receivedAtMillis()).isEqualTo(1234);
    assertThat(e.record().classification()).isEqualTo("crash/kernel/bug");
    assertThat(e.record().payload()).isEqualTo("test message");
    // the id is derived from the content, so a retried migration keeps it
    assertThat(SpoolFileFormat.decode(bytes, 99).recordId()).isEqualTo(e.recordId());
  }

  @Test
  void brokenCFilesAreRefusedWithAReason() throws Exception {
    for (String name : new String[] {"empty_message", "incorrect_headers", "incorrect_message"}) {
      byte[] bytes = GoldenVectors.bytes("staged/" + name);
      assertThatThrownBy(() -> SpoolFileFormat.decode(bytes, 0))
          .as(name)
          .isInstanceOf(SpoolFormatException.class)
          .hasMessageNotContaining("Exception");
    }
  }
}
