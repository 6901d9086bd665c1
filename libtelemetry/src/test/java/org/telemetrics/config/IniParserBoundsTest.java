package org.telemetrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A configuration file of many bad lines is refused as a whole: one error per line, each kept until
 * the end, made a megabyte of junk lines an OutOfMemoryError in a daemon's small heap.
 */
class IniParserBoundsTest {
  private static final Path FILE = Path.of("/etc/telemetrics/telemetrics.conf");

  /** IniParser's limit, 200 times the lines of the shipped file. */
  private static final int LIMIT = 10_000;

  @Test
  void moreLinesThanTheLimitAreOneErrorNotOnePerLine() {
    List<ConfigException> errors = new ArrayList<>();

    List<IniParser.Entry> entries = IniParser.parse(FILE, "junk\n".repeat(LIMIT + 1), errors);

    assertThat(entries).isEmpty();
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage()).contains("more than " + LIMIT + " lines");
              assertThat(e.file()).isEqualTo(FILE);
            });
  }

  @Test
  void aFileOfAsManyLinesAsTheLimitIsRead() {
    List<ConfigException> errors = new ArrayList<>();

    List<IniParser.Entry> entries =
        IniParser.parse(
            FILE,
            "[settings]\n" + "# comment\n".repeat(LIMIT - 2) + "server=http://[::1]/",
            errors);

    assertThat(errors).isEmpty();
    assertThat(entries).singleElement().extracting(IniParser.Entry::line).isEqualTo(LIMIT);
  }
}
