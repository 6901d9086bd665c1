package org.telemetrics.ctl.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;

/** Damaged journals (seeded mutations) are read without failing: bad lines are only counted. */
class JournalReaderFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedJournalsNeverFailTheReader() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(
          JournalFormat.format(
              new JournalEntry(
                  String.format("%032x", i),
                  1795348131L + i,
                  "org.example/fuzz/n" + i,
                  String.format("%032x", i * 7),
                  "boot-" + i,
                  i % 2 == 0 ? Optional.of("delivered") : Optional.empty())));
    }
    byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("journal");
    Random random = new Random(5_2026_11_30L);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = good.clone();
      for (int n = random.nextInt(8) + 1; n > 0; n--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      Files.write(file, bytes);
      List<JournalEntry> entries = new ArrayList<>();
      JournalReader.Result read = JournalReader.read(file, 0, entries::add);
      assertThat(entries.size() + read.damaged()).isBetween(1L, 40L);
      assertThat(read.nextPosition()).isBetween(0L, (long) bytes.length);
      for (JournalEntry e : entries) {
        assertThat(JournalFormat.parse(withoutNewline(JournalFormat.format(e)))).isEqualTo(e);
      }
    }
  }

  private static String withoutNewline(String line) {
    return line.substring(0, line.length() - 1);
  }
}
