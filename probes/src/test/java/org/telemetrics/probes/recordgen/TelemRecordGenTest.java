package org.telemetrics.probes.recordgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** telem-record-gen's checks and output, with the C tool's messages and exit codes. */
class TelemRecordGenTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run withStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TelemRecordGen.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run run(String... args) {
    return withStdin("", args);
  }

  /** A usage error's lines on stderr: the C tool's message, naming the option, then a hint. */
  private static String usage(String message) {
    return message + "\nTry 'telem-record-gen --help' for more information.\n";
  }

  @Test
  void validationMessagesNameTheOptionAndExitAsUsageErrors() {
    assertThat(run("-n"))
        .isEqualTo(new Run(2, "", usage("Error: Classification required (-c, --class).")));
    assertThat(run("-n", "-c", "a/b/c".repeat(30)).err())
        .isEqualTo(usage("Error: Valid size for classification (-c, --class) is 1-122 chars"));
    assertThat(run("-n", "-c", "").err())
        .isEqualTo(usage("Error: Valid size for classification (-c, --class) is 1-122 chars"));
    assertThat(run("-n", "-c", "a/b/\u00e9").err())
        .isEqualTo(
            usage(
                "Error: Non-ascii characters detected in classification (-c, --class) - aborting"));
    assertThat(run("-n", "-c", "a".repeat(41) + "/b/c").err())
        .isEqualTo(
            usage(
                "Error: Classification (-c, --class) strings between slashes should have at most 40"
                    + " chars"));
    assertThat(run("-n", "-c", "a/b").err())
        .isEqualTo(
            usage(
                "Error: Classification"
                    + " (-c, --class) needs to be in most/to/least specific format, 2 '/' required."));
    assertThat(run("-n", "-c", "a/b/c", "-s", "5").err())
        .isEqualTo(usage("Error: Valid range for severity (-s, --severity) is 1-4"));
    assertThat(run("-n", "-c", "a/b/c", "-s", "0").code()).isEqualTo(2);
    assertThat(run("-n", "-c", "a/b/c", "-s", "2x").code()).isEqualTo(2);
    assertThat(run("-n", "-c", "a/b/c", "-R", "2147483647").err())
        .isEqualTo(
            usage("Error: Valid range for record version (-R, --record-version) is 0-2147483646"));
    assertThat(run("-n", "-c", "a/b/c", "-e", "abc").err())
        .isEqualTo(usage("Error: event_id (-e, --event-id) length 3 it should have 32 characters"));
    assertThat(run("-n", "-c", "a/b/c", "-e", "0123456789abcdef0123456789abcdeX").err())
        .isEqualTo(
            usage(
                "Error: event_id (-e, --event-id) contains invalid character 'X' at"
                    + " position 31, valid characters are 0123456789abcdef"));
    Run unreadable = run("-n", "-c", "a/b/c", "-P", dir.resolve("none").toString());
    assertThat(unreadable.code()).as("a file that cannot be read is no usage error").isEqualTo(1);
    assertThat(unreadable.err())
        .isEqualTo(
            "Error: file "
                + dir.resolve("none")
                + " could not be opened for reading: No such file or directory\n");
  }

  @Test
  void stdinTakesNoRecordOptionsBesideIt() {
    assertThat(run("--stdin", "-c", "a/b/c"))
        .isEqualTo(
            new Run(
                2,
                "",
                usage(
                    "telem-record-gen: --stdin takes each record's fields from its line; only -f,"
                        + " --config-file goes with it")));
    assertThat(run("--stdin", "-n").code()).isEqualTo(2);
    assertThat(run("--stdin", "x").code()).isEqualTo(2);
  }

  @Test
  void echoPrintsTheRecordWithoutSendingIt() {
    Run r =
        run(
            "-n",
            "-o",
            "-c",
            "org.example/a/b",
            "-s",
            "3",
            "-R",
            "2000",
            "-e",
            "0123456789abcdef0123456789abcdef",
            "-p",
            "hi there");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith(
            "record_format_version: 4\nclassification: org.example/a/b\n"
                + "severity: 3\nmachine_id: FFFFFFFF\ncreation_timestamp: ");
    assertThat(r.out())
        .contains("\npayload_format_version: 2000\n")
        .endsWith("event_id: 0123456789abcdef0123456789abcdef\nhi there\n");
  }

  @Test
  void payloadComesFromTheFileThenTheOptionThenStdin() throws Exception {
    Path file = dir.resolve("payload");
    Files.writeString(file, "from file");
    assertThat(
            withStdin("from stdin", "-n", "-o", "-c", "a/b/c", "-P", file.toString(), "-p", "opt")
                .out())
        .endsWith("\nfrom file\n");
    assertThat(withStdin("from stdin", "-n", "-o", "-c", "a/b/c", "-p", "opt").out())
        .endsWith("\nopt\n");
    assertThat(withStdin("from stdin", "-n", "-o", "-c", "a/b/c").out()).endsWith("\nfrom stdin\n");
  }

  @Test
  void anOversizedPayloadIsCutWithAWarning() {
    Run r = withStdin("x".repeat(9000), "-n", "-o", "-c", "a/b/c");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("payload cut to 8192 bytes");
    assertThat(r.out()).endsWith("\n" + "x".repeat(8192) + "\n");
  }

  @Test
  void aPayloadWithControlCharactersIsRefused() {
    Run r = run("-n", "-c", "a/b/c", "-p", "bell\u0007");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error: payload contains control character 0x7");
  }

  @Test
  void unknownOptionsAndMissingArgumentsAreUsageErrors() {
    assertThat(run("-n", "-c", "a/b/c", "-z"))
        .isEqualTo(new Run(2, "", usage("telem-record-gen: invalid option -- 'z'")));
    assertThat(run("-n", "-c", "a/b/c", "--zap"))
        .isEqualTo(new Run(2, "", usage("telem-record-gen: unrecognized option '--zap'")));
    assertThat(run("-n", "-c"))
        .isEqualTo(new Run(2, "", usage("telem-record-gen: option requires an argument -- 'c'")));
  }

  @Test
  void helpAndVersion() {
    assertThat(run("-h").out()).contains("--class").contains("--no-post");
    assertThat(run("-h").code()).isZero();
    assertThat(run("--version"))
        .isEqualTo(new Run(0, "telem-record-gen " + org.telemetrics.Version.number() + "\n", ""));
  }
}
