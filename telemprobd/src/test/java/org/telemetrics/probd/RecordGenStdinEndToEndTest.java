package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** {@code telem-record-gen --stdin} and the real telemprobd, each in its own JVM. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecordGenStdinEndToEndTest {
  static final String RECORD_GEN = "org.telemetrics.probes.recordgen.TelemRecordGen";
  static final Pattern OK = Pattern.compile("(?m)^([0-9]+) ok ([0-9a-f]{32})$");

  @TempDir Path tmp;

  JavaProcess.Result recordGen(TestRoot root, String stdin) throws Exception {
    Path input = tmp.resolve("input.jsonl");
    Files.writeString(input, stdin);
    try (JavaProcess p =
        JavaProcess.start(
            RECORD_GEN,
            List.of("--stdin"),
            root.env(),
            tmp.resolve("gen.log"),
            java.lang.ProcessBuilder.Redirect.from(input.toFile()))) {
      int code = p.waitFor(Duration.ofSeconds(120));
      return new JavaProcess.Result(code, p.output());
    }
  }

  @Test
  void everyGoodLineIsStagedUnderTheIdItsReportGivesAndBadOnesAreSkipped() throws Exception {
    TestRoot root = TestRoot.create(tmp.resolve("root"));
    ProbdFixture.presetHostSnapshot(root);
    StringBuilder in = new StringBuilder();
    for (int i = 1; i <= 300; i++) {
      in.append("{\"class\":\"org.example/stdin/r")
          .append(i)
          .append("\",\"severity\":2,\"payload\":\"record ")
          .append(i)
          .append("\"}\n");
      if (i == 100) {
        in.append("{\"class\":\"org.example/stdin\",\"payload\":\"two slashes needed\"}\n");
      }
      if (i == 200) {
        in.append("{\"payload\":\"").append("y".repeat(100_000)).append("\"}\n");
      }
    }
    try (JavaProcess probd = ProbdFixture.start(root)) {
      JavaProcess.Result gen = recordGen(root, in.toString());

      assertThat(gen.exitCode()).as(gen.output()).isEqualTo(1);
      assertThat(gen.output())
          .contains("101 error \"class\": classification needs exactly two '/'")
          .contains("202 error line is longer than 65536 bytes (100014); skipped")
          .contains("telem-record-gen: line 202: line is longer than")
          .contains("2 of 302 lines were not sent or not acknowledged");
      Map<String, String> classificationById = new java.util.HashMap<>();
      Matcher m = OK.matcher(gen.output());
      while (m.find()) {
        int line = Integer.parseInt(m.group(1));
        int record = line - (line > 101 ? 1 : 0) - (line > 202 ? 1 : 0);
        classificationById.put(m.group(2), "org.example/stdin/r" + record);
      }
      assertThat(classificationById).hasSize(300);
      List<SpoolEntry> staged = ProbdFixture.staged(root);
      assertThat(staged).hasSize(300);
      for (SpoolEntry e : staged) {
        assertThat(e.record().classification()).isEqualTo(classificationById.get(e.recordId()));
        assertThat(e.record().severity()).isEqualTo("2");
        assertThat(e.record().machineId()).isNotEqualTo("FFFFFFFF");
      }
      assertThat(probd.output()).doesNotContain("rejected");
    }
  }

  @Test
  void recordsTelemprobdRefusesAreErrorLinesWithItsReason() throws Exception {
    TestRoot root =
        TestRoot.create(tmp.resolve("root"))
            .set("probd_allowed_uids", "4242424")
            .set("probd_allowed_gids", "4242424");
    ProbdFixture.presetHostSnapshot(root);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      JavaProcess.Result gen =
          recordGen(
              root,
              "{\"class\":\"a/b/c\",\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"y\"}\n");

      assertThat(gen.exitCode()).as(gen.output()).isEqualTo(1);
      assertThat(gen.output())
          .containsPattern(
              "(?m)^1 error rejected by telemprobd: uid [0-9]+"
                  + " gid [0-9]+ may not submit records")
          .containsPattern("(?m)^2 error rejected by telemprobd: ");
      assertThat(ProbdFixture.staged(root)).isEmpty();
    }
  }

  @Test
  void notOptedInReadsNothingAndSaysSoOnce() throws Exception {
    TestRoot root = TestRoot.create(tmp.resolve("root"));
    ProbdFixture.presetHostSnapshot(root);
    try (JavaProcess probd = ProbdFixture.start(root)) {
      root.optOut();
      JavaProcess.Result gen =
          recordGen(root, "{\"class\":\"a/b/c\",\"payload\":\"x\"}\n".repeat(3));

      assertThat(gen.exitCode()).isEqualTo(1);
      assertThat(gen.output())
          .isEqualTo(
              "Unable to send record. Make sure to opt-in to"
                  + " telemetry first 'telemctl opt-in'\n");
      assertThat(ProbdFixture.staged(root)).isEmpty();
    }
  }
}
