package org.telemetrics.ctl.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.Version;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.Records;
import org.telemetrics.testing.GoldenVectors;

class PreviewCommandTest {
  static final String ID = "0123456789abcdef0123456789abcdef";
  @TempDir Path dir;

  @Test
  void headersFormOfASpoolFile() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("server", "http://127.0.0.1:9/v3/collector");
    Path file = Records.spoolFile(ctl.layout().queueDir(), ID, "org.example/a/b", "hello\nworld");
    Ctl.Run run = ctl.run("preview", "--file", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "POST http://127.0.0.1:9/v3/collector\n"
                + "User-Agent: telempostd/"
                + Version.number()
                + "\n"
                + "Content-Type: application/text\n"
                + "Content-Length: 11\n"
                + "X-Telemetry-TID: 6907c830-eed9-4ce9-81ae-76daf8d88f0f\n"
                + "X-Telemetry-Record-Id: "
                + ID
                + "\n"
                + "Record-Format-Version: 4\n"
                + "Classification: org.example/a/b\n"
                + "Severity: 2\n"
                + "Machine-Id: 2eec9efcd7d37cbc959d7a0a9602681e\n"
                + "Creation-Timestamp: 1795348000\n"
                + "Arch: x86_64\n"
                + "Host-Type: vendor|product|1\n"
                + "Build: 12\n"
                + "Kernel-Version: 6.1.0\n"
                + "Payload-Format-Version: 1\n"
                + "System-Name: debian\n"
                + "Board-Name: board|vendor\n"
                + "Cpu-Model: AMD EPYC\n"
                + "Bios-Version: 1.0\n"
                + "Event-Id: 0123456789abcdef0123456789abcdef\n"
                + "\n"
                + "hello\nworld\n");
  }

  @Test
  void everyRecordOfAFileOfSeveralInTurn() throws Exception {
    Ctl ctl = new Ctl(dir);
    String second = "1123456789abcdef0123456789abcdef";
    Path file =
        Records.append(
            Records.spoolFile(ctl.layout().queueDir(), ID, "org.example/a/b", "first"),
            second,
            "org.example/c/d",
            "second");
    Ctl.Run run = ctl.run("preview", "--file", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String[] requests = run.out().split("\n\n(?=POST )");
    assertThat(requests).hasSize(2);
    assertThat(requests[0])
        .contains("X-Telemetry-Record-Id: " + ID + "\n")
        .contains("Classification: org.example/a/b\n")
        .endsWith("\nfirst");
    assertThat(requests[1])
        .startsWith("POST (no server configured)\n")
        .contains("X-Telemetry-Record-Id: " + second + "\n")
        .contains("Classification: org.example/c/d\n")
        .endsWith("\nsecond\n");
  }

  @Test
  void jsonFormOfACStagedFile() throws Exception {
    Ctl ctl = new Ctl(dir);
    Path file = dir.resolve("Ab12Cd");
    Files.write(file, GoldenVectors.bytes("staged/correct_message"));
    Ctl.Run run = ctl.run("preview", "--format", "json", "--file", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "POST (no server configured)\n"
                + "User-Agent: telempostd/"
                + Version.number()
                + "\n"
                + "Content-Type: application/json\n");
    assertThat(run.out())
        .contains(
            "\n\n{\"record_format_version\":\"1\","
                + "\"classification\":\"crash/kernel/bug\",\"severity\":\"0\"")
        .contains("\"cpu_model\":\"Intel(R) Core(TM) i7-5650U CPU @ 2.20GHz\"")
        .endsWith("\"payload\":\"test message\"}\n");
  }

  @Test
  void describedRecordGetsThisMachinesIdAndHostData() throws Exception {
    Ctl ctl = new Ctl(dir);
    Path idFile = ctl.layout().machineIdFile();
    Files.createDirectories(idFile.getParent());
    Files.writeString(idFile, "abcdefabcdefabcdefabcdefabcdefab");
    Ctl.Run run = ctl.run("preview", "-c", "org.example/x/y", "-s", "3", "-p", "body", "-e", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("X-Telemetry-Record-Id: (assigned-by-telemprobd)\n")
        .contains("Machine-Id: abcdefabcdefabcdefabcdefabcdefab\n")
        .contains("Severity: 3\n")
        .contains("Event-Id: " + ID + "\n")
        .endsWith("\n\nbody\n");
    // the static id wins, cut at its first line and 32 characters
    Files.writeString(
        ctl.layout().staticMachineIdFile(), "my-static-id-0123456789-ABCDEFGHIJKLMNOP\n");
    assertThat(ctl.run("preview", "-c", "org.example/x/y").out())
        .contains("Machine-Id: my-static-id-0123456789-ABCDEFGH\n");
  }

  @Test
  void formatDefaultsToThePostFormatSetting() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("post_format", "json");
    Path file = Records.spoolFile(ctl.layout().queueDir(), ID, "org.example/a/b", "p");
    assertThat(ctl.run("preview", "--file", file.toString()).out())
        .contains("Content-Type: application/json\n")
        .endsWith(",\"payload\":\"p\"}\n");
    assertThat(ctl.run("preview", "--format", "headers", "--file", file.toString()).out())
        .contains("Content-Type: application/text\n")
        .endsWith("\n\np\n");
  }

  @Test
  void otlpShowsTheJsonRequestTelempostdWouldSendForTheRecords() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("server", "http://127.0.0.1:9/v1/logs").set("post_format", "otlp");
    Path file = Records.spoolFile(ctl.layout().queueDir(), ID, "org.example/a/b", "hello\nworld");

    Ctl.Run run = ctl.run("preview", "--file", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "(shown in the JSON encoding, uncompressed; telempostd sends protobuf, gzipped)\n");
    String[] parts = run.out().split("\n\n", 2);
    assertThat(parts[0])
        .startsWith("POST http://127.0.0.1:9/v1/logs\nUser-Agent: telempostd/" + Version.number())
        .contains("\nContent-Type: application/json\n")
        .contains("\nX-Telemetry-TID: 6907c830-eed9-4ce9-81ae-76daf8d88f0f");
    String body = parts[1].substring(0, parts[1].length() - 1);
    assertThat(parts[0])
        .contains("\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n");
    JsonNode log = new ObjectMapper().readTree(body).at("/resourceLogs/0/scopeLogs/0/logRecords/0");
    assertThat(log.at("/body/stringValue").asText()).isEqualTo("hello\nworld");
    assertThat(log.at("/severityText").asText()).isEqualTo("WARN");
    assertThat(attribute(log, "telemetrics.record_id")).isEqualTo(ID);
    assertThat(attribute(log, "telemetrics.classification")).isEqualTo("org.example/a/b");
  }

  @Test
  void otlpOfADescribedRecordSaysTelemprobdAssignsItsId() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("otlp_encoding", "json").set("otlp_compression", "none");

    Ctl.Run run = ctl.run("preview", "--format", "otlp", "-c", "org.example/x/y", "-p", "body");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode log =
        new ObjectMapper()
            .readTree(run.out().split("\n\n", 2)[1])
            .at("/resourceLogs/0/scopeLogs/0/logRecords/0");
    assertThat(attribute(log, "telemetrics.record_id")).isEqualTo("(assigned-by-telemprobd)");
    assertThat(log.at("/body/stringValue").asText()).isEqualTo("body");
  }

  private static String attribute(JsonNode log, String key) {
    for (JsonNode a : log.get("attributes")) {
      if (a.get("key").asText().equals(key)) {
        return a.at("/value/stringValue").asText();
      }
    }
    throw new AssertionError("no attribute " + key + " in " + log);
  }

  @Test
  void badInputIsAClearError() throws Exception {
    Ctl ctl = new Ctl(dir);
    Ctl.Run badClass = ctl.run("preview", "-c", "noslashes");
    assertThat(badClass.exitCode()).isEqualTo(1);
    assertThat(badClass.err()).startsWith("Error: ");
    assertThat(ctl.run("preview", "-c", "a/b/c", "-s", "7").err())
        .isEqualTo("Error: Valid range for severity is 1-4\n");
    Path junk = dir.resolve("junk");
    Files.writeString(junk, "not a record\n");
    Ctl.Run notRecord = ctl.run("preview", "--file", junk.toString());
    assertThat(notRecord.exitCode()).isEqualTo(1);
    assertThat(notRecord.err()).startsWith(junk + " is not a record: ");
    Ctl.Run noPayload = ctl.run("preview", "-c", "a/b/c", "-P", dir.resolve("none").toString());
    assertThat(noPayload.exitCode()).isEqualTo(1);
    assertThat(noPayload.err())
        .isEqualTo(
            "Error: file "
                + dir.resolve("none")
                + " could not be opened for reading: no such file or directory\n");
    assertThat(ctl.run("preview").exitCode()).isEqualTo(2);
    assertThat(ctl.run("preview", "--file", junk.toString(), "-c", "a/b/c").exitCode())
        .isEqualTo(2);
    assertThat(ctl.run("preview", "--format", "xml", "-c", "a/b/c").exitCode()).isEqualTo(2);
  }
}
