package org.telemetrics.postd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The journal as the issue found it (an invalid UTF-8 byte, a 150 MiB line, an 8 MiB NUL tail):
 * telempostd, with a heap far smaller than the journal, starts, says once what it moved aside, and
 * delivers.
 */
@Timeout(90)
class DamagedJournalProcessTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void startsWithASmallHeapOnAJournalOfDamageAndDelivers() throws Exception {
    TestBackend backend = postd.backend();
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    Path journal = layout.journalFile();
    Files.createDirectories(journal.getParent());
    byte[] bad = line(1);
    bad[40] = (byte) 0xff;
    Files.write(journal, concat(line(0), bad, line(2)));
    try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
      long end = f.length() + (150L << 20); // one line of sparse NULs
      f.setLength(end);
      f.seek(end);
      f.write(concat("\n".getBytes(UTF_8), line(3), line(4), new byte[8 << 20]));
    }
    String id = Fixtures.stage(layout, Fixtures.record(1));
    Map<String, String> env = new HashMap<>(root.env());
    env.put("JAVA_TOOL_OPTIONS", "-Xmx64m");

    try (JavaProcess p =
        JavaProcess.start(TelempostdProcessTest.MAIN, List.of(), env, dir.resolve("out"))) {
      await().atMost(Duration.ofSeconds(40)).until(() -> backend.hits.size() == 1);
      assertThat(backend.hits.get(0).recordId()).isEqualTo(id);
      p.terminate();
      assertThat(p.waitFor(Duration.ofSeconds(15))).isZero();
      List<String> damaged = p.output().lines().filter(l -> l.contains("is damaged")).toList();
      assertThat(damaged)
          .singleElement()
          .asString()
          .startsWith("telempostd: warning: journal " + journal + " is damaged: ");
      assertThat(p.output()).doesNotContain("fatal").doesNotContain("Exception");
    }
    List<String> lines = Files.readAllLines(journal);
    assertThat(lines).hasSize(3); // n3, n4 and the record just delivered
    assertThat(JournalFormat.parse(lines.get(2)).recordId()).isEqualTo(id);
    try (var names = Files.list(journal.getParent())) {
      assertThat(names.map(n -> n.getFileName().toString()))
          .anyMatch(n -> n.startsWith("journal.damaged-") && n.endsWith(".reason"));
    }
  }

  private static byte[] line(int n) {
    return JournalFormat.format(
            new JournalEntry(
                String.format("%032x", n),
                1795348131L + n,
                "org.example/old/n" + n,
                String.format("%032x", n),
                "boot",
                Optional.of("delivered")))
        .getBytes(UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
