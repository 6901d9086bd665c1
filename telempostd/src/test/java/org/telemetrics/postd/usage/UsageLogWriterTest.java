package org.telemetrics.postd.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;
import org.telemetrics.usage.UsageEvent;
import org.telemetrics.usage.UsageOutcome;

class UsageLogWriterTest {
  @TempDir Path dir;
  private final FakeTime time = new FakeTime(Instant.parse("2026-12-04T10:00:00Z"));
  private final java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
  private final LogThrottle throttle =
      new LogThrottle(
          new Log("test", new java.io.PrintStream(logged, true), Log.Level.DEBUG),
          time.source(),
          UsageRecorder.TROUBLE_LOG_NANOS);
  private final ObjectMapper json = new ObjectMapper();

  static UsageEvent event(int attempts) {
    return new UsageEvent(
        1764842400,
        1764842402,
        2.5,
        attempts > 1 ? 1.5 : null,
        1234,
        attempts > 0 ? UsageOutcome.DELIVERED : UsageOutcome.LOCAL_ONLY,
        null,
        attempts,
        "org.clearlinux/hello/*",
        2);
  }

  List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    String text = Files.readString(file);
    assertThat(text).endsWith("}\n");
    for (String line : text.split("\n")) {
      assertThat(line).startsWith("{").endsWith("}");
      out.add(json.readTree(line));
    }
    return out;
  }

  @Test
  void writesOneCompleteJsonObjectPerLineWithTheContractsKeys() throws Exception {
    Path file = dir.resolve("usage.log");
    try (UsageLogWriter w =
        new UsageLogWriter(file.toString(), UsageLogWriter.Opener.FILES, throttle)) {
      w.write(event(2));
      w.write(
          new UsageEvent(1, 2, 0.25, null, 0, UsageOutcome.DEAD_LETTER, "http_400", 1, "other", 4));
    }

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).toString())
        .isEqualTo(
            "{\"started\":1764842400,\"total_time\":2.5,"
                + "\"waiting_time\":1.5,\"total_bytes\":1234,\"outcome\":\"delivered\",\"attempts\":2,"
                + "\"classification\":\"org.clearlinux/hello/*\",\"severity\":2}");
    assertThat(lines.get(1).get("waiting_time").isNull()).isTrue();
    assertThat(lines.get(1).get("reason").asText()).isEqualTo("http_400");
  }

  @Test
  void aBatchIsWrittenAsWholeLinesOneAfterTheOther() throws Exception {
    Path file = dir.resolve("usage.log");
    try (UsageLogWriter w =
        new UsageLogWriter(file.toString(), UsageLogWriter.Opener.FILES, throttle)) {
      w.write(List.of(event(1), event(2), event(3)));
      w.write(List.of(event(4)));
    }

    assertThat(lines(file)).extracting(n -> n.get("attempts").asInt()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aLogWhoseLastLineWasCutOffGetsTheNextLineOnALineOfItsOwn() throws Exception {
    Path file = dir.resolve("usage.log");
    Files.writeString(file, "{\"started\":1764842400,\"total_ti");
    try (UsageLogWriter w =
        new UsageLogWriter(file.toString(), UsageLogWriter.Opener.FILES, throttle)) {
      w.write(event(1));
    }

    List<String> text = Files.readAllLines(file);
    assertThat(text).hasSize(2);
    assertThat(json.readTree(text.get(1)).get("attempts").asInt()).isEqualTo(1);
    assertThat(logged.toString()).contains("usage log " + file + " does not end with a newline");
  }

  @Test
  void aFileMovedAwayByLogrotateIsFollowedByANewOne() throws Exception {
    Path file = dir.resolve("usage.log");
    Path rotated = dir.resolve("usage.log.1");
    try (UsageLogWriter w =
        new UsageLogWriter(file.toString(), UsageLogWriter.Opener.FILES, throttle)) {
      w.write(event(1));
      Files.move(file, rotated);
      w.write(event(2));
      w.write(event(3));
    }

    assertThat(lines(rotated)).hasSize(1);
    assertThat(lines(file)).extracting(n -> n.get("attempts").asInt()).containsExactly(2, 3);
  }

  @Test
  void aReopenRequestOpensTheFileAgainBeforeTheNextLine() throws Exception {
    Path file = dir.resolve("usage.log");
    AtomicInteger opens = new AtomicInteger();
    UsageLogWriter.Opener counting =
        path -> {
          opens.incrementAndGet();
          return UsageLogWriter.Opener.FILES.open(path);
        };
    try (UsageLogWriter w = new UsageLogWriter(file.toString(), counting, throttle)) {
      w.write(event(1));
      w.write(event(1));
      w.reopen();
      w.write(event(1));
    }

    assertThat(opens).hasValue(2);
    assertThat(lines(file)).hasSize(3);
  }

  @Test
  void aFullDiskDropsAndCountsLinesAndLogsOncePerMinute() throws Exception {
    Path file = dir.resolve("usage.log");
    AtomicBoolean full = new AtomicBoolean(true);
    UsageLogWriter.Opener disk =
        path -> {
          OutputStream real = UsageLogWriter.Opener.FILES.open(path);
          return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (full.get()) {
                throw new IOException("No space left on device");
              }
              real.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              real.close();
            }
          };
        };
    try (UsageLogWriter w = new UsageLogWriter(file.toString(), disk, throttle)) {
      w.write(event(1));
      w.write(event(1));
      w.write(event(1));
      full.set(false);
      w.write(event(4));

      assertThat(w.dropped()).isEqualTo(3);
    }

    assertThat(lines(file)).extracting(n -> n.get("attempts").asInt()).containsExactly(4);
    assertThat(logged.toString()).containsOnlyOnce("No space left on device");
  }

  @Test
  void writesToADescriptorTheServiceManagerPassed() throws Exception {
    Path file = dir.resolve("passed.log");
    try (FileOutputStream passed = new FileOutputStream(file.toFile())) {
      String fd = "fd:" + descriptorOf(file);
      try (UsageLogWriter w = new UsageLogWriter(fd, UsageLogWriter.Opener.FILES, throttle)) {
        w.write(event(1));
      }
    }

    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void aDescriptorThatIsNotOpenIsRefusedAtStartWithFileAndLine() throws Exception {
    Path conf = dir.resolve("telemetrics.conf");
    Files.writeString(conf, "[settings]\nusage_db=\nusage_log=fd:987654\n");
    TelemetryConfig config = ConfigLoader.load(java.util.Optional.of(conf), dir);

    assertThatThrownBy(() -> UsageSettings.from(config).checkAtStart(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            conf + ":3: usage_log: fd:987654 is not an open file descriptor of" + " telempostd");
  }

  private static int descriptorOf(Path file) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          if (Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
            return Integer.parseInt(fd.getFileName().toString());
          }
        } catch (IOException ignored) {
          // a descriptor closed meanwhile
        }
      }
    }
    throw new AssertionError("no descriptor of " + file);
  }
}
