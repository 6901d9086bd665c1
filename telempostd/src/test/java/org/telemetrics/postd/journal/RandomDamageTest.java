package org.telemetrics.postd.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.journal.JournalFormatException;

/**
 * Journals damaged at random (seeded): truncations, bit flips, NUL runs, over-long lines and random
 * bytes. Whatever the damage, telempostd's Journal opens, every good line that survived whole is
 * still in the journal, in order, the journal holds only journal lines, and nothing is lost: a
 * damaged file is kept aside byte for byte.
 */
class RandomDamageTest {
  static final long SEED = 2026_12_04L;
  @TempDir Path dir;

  @Test
  void theJournalOpensAndTheGoodLinesSurviveWhateverTheDamage()
      throws IOException, JournalFormatException {
    Random random = new Random(SEED);
    for (int round = 0; round < 100; round++) {
      JournalFiles j = new JournalFiles(dir.resolve("r" + round));
      int count = random.nextInt(60);
      byte[] clean = JournalFiles.lines(round * 100, round * 100 + count).getBytes(UTF_8);
      byte[] damaged = damage(clean, random);
      j.write(damaged);
      String context = "round " + round + " (seed " + SEED + ")";

      try (Journal journal = j.open(1000)) {
        journal.record(
            String.format("%032x", 1_000_000 + round), JournalFiles.record("x"), "delivered", 1L);
      }

      List<String> lines = Files.readAllLines(j.file, UTF_8);
      for (String l : lines) { // only journal lines, the new one too
        if (!l.isEmpty()) { // empty lines are ignored by every reader
          JournalFormat.parse(l);
        }
      }
      assertThat(lines.get(lines.size() - 1))
          .as(context)
          .startsWith(String.format("%032x", 1_000_000 + round));
      List<String> survivors = wholeGoodLines(clean, damaged);
      if (!survivors.isEmpty()) {
        assertThat(lines).as(context).containsSubsequence(survivors);
      }
      assertThat(j.warnings()).as(context).hasSizeLessThanOrEqualTo(1);
      if (!Arrays.equals(clean, damaged) && !j.warnings().isEmpty()) {
        assertThat(j.file.resolveSibling(JournalFiles.ASIDE)).as(context).hasBinaryContent(damaged);
      }
    }
  }

  /** One to four kinds of damage at random places. */
  static byte[] damage(byte[] clean, Random random) {
    byte[] b = clean.clone(); // flips change it in place
    for (int n = random.nextInt(4) + 1; n > 0; n--) {
      int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      switch (random.nextInt(5)) {
        case 0 -> b = Arrays.copyOf(b, at); // truncation (a torn tail)
        case 1 -> {
          if (b.length > 0) {
            b[Math.min(at, b.length - 1)] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 2 -> b = insert(b, at, new byte[random.nextInt(64 << 10) + 1]); // NUL run
        case 3 -> { // an over-long line, sometimes far over
          byte[] huge =
              new byte
                  [JournalFormat.MAX_LINE
                      + 1
                      + random.nextInt(random.nextBoolean() ? 4096 : 1 << 20)];
          Arrays.fill(huge, (byte) 'x');
          b = insert(b, at, huge);
        }
        default -> {
          byte[] junk = new byte[random.nextInt(40) + 1];
          random.nextBytes(junk);
          b = insert(b, at, junk);
        }
      }
    }
    return b;
  }

  /** The original lines still in {@code damaged} whole, between two newlines, in order. */
  static List<String> wholeGoodLines(byte[] clean, byte[] damaged) {
    Set<String> originals = new HashSet<>(List.of(new String(clean, UTF_8).split("\n")));
    List<String> whole = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < damaged.length; i++) {
      if (damaged[i] == '\n') {
        String line = new String(damaged, start, i - start, UTF_8);
        if (originals.contains(line)) {
          whole.add(line);
        }
        start = i + 1;
      }
    }
    return whole;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + what.length);
    out.write(b, 0, at);
    out.write(what, 0, what.length);
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }
}
