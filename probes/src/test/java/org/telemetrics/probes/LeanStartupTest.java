package org.telemetrics.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.FrameListener;
import org.telemetrics.testing.TestRoot;

/**
 * What a probe that sends one record loads: none of the machinery that costs start-up for nothing
 * on that path (our own lambdas, streams, regular expressions, formatters, security providers, a
 * thread for the socket's set-up). Counted by class name, not timed.
 */
class LeanStartupTest {
  static final List<String> NEVER_ON_THE_PATH =
      List.of(
          "org.telemetrics.config.IniParser$$Lambda", // any lambda of ours is caught below too
          "java.util.regex.Pattern ",
          "java.util.stream.IntPipeline ",
          "java.util.stream.ReferencePipeline ",
          "java.util.Formatter ",
          "sun.security.jca.Providers ",
          "java.security.SecureRandom ", // an event id needs 16 bytes of /dev/urandom, not one
          // a thread to set up the socket: starting it costs more than the JNI set-up it hides
          "org.telemetrics.client.TelemetryClient$TransportSetup ",
          // exceptions for the host snapshot this root lacks (telemprobd has not written it), and
          // for the DMI files of a machine without them (as the build machines' VMs are)
          "java.nio.file.NoSuchFileException ",
          "java.io.FileNotFoundException ",
          // an ASCII payload is checked without the JDK's UTF-8 decoder and its buffers
          "java.nio.charset.CharsetDecoder ",
          // javac's tables for a switch on an enum: a class of their own and two error classes
          "org.telemetrics.client.TelemetryClient$1 ",
          "org.telemetrics.probes.cli.GetOpt$1 ",
          // a file channel for telem-record-gen -P sets up the JDK's NIO library for one read
          "sun.nio.ch.FileChannelImpl ");

  @TempDir Path dir;

  String classesLoaded(TestRoot root, String main, String... args) throws Exception {
    ProbeJvm.Result r =
        ProbeJvm.runLoggingClasses(main, List.of(args), root.env(), null, dir.resolve("out.log"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r.output();
  }

  /** Our classes in a class-loading log. */
  static Set<String> ourClasses(String log) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\[class,load\\] (org\\.telemetrics\\.\\S+) ").matcher(log);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The start-up cache is trained by a run of hprobe without options; the systemd timer runs {@code
   * hprobe -Hlu}. A class only the latter loads is not in the cache, and is read from the jar,
   * which is opened for it at every start.
   */
  @Test
  void hprobeWithTheTimersOptionsLoadsNoClassOfOursThatAPlainRunDoesNot() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(), b -> "ACCEPTED 0123456789abcdef0123456789abcdef\n")) {
      Set<String> timer = ourClasses(classesLoaded(root, ProbeProcessTest.HPROBE, "-Hlu"));
      Set<String> plain = ourClasses(classesLoaded(root, ProbeProcessTest.HPROBE));
      assertThat(timer).contains("org.telemetrics.frame.FrameCodec");
      assertThat(plain).containsAll(timer);
    }
  }

  @Test
  void hprobeAndRecordGenLoadNothingTheyDoNotNeed() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Path payload = Files.writeString(dir.resolve("payload"), "from a file\n");
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(), b -> "ACCEPTED 0123456789abcdef0123456789abcdef\n")) {
      for (String loaded :
          List.of(
              classesLoaded(root, ProbeProcessTest.HPROBE, "-Hlu"),
              classesLoaded(
                  root,
                  ProbeProcessTest.RECORD_GEN,
                  "-c",
                  "a/b/c",
                  "-s",
                  "2",
                  "-R",
                  "3",
                  "-p",
                  "hi"),
              classesLoaded(
                  root, ProbeProcessTest.RECORD_GEN, "-c", "a/b/c", "-P", payload.toString()))) {
        assertThat(loaded).contains("[class,load] org.telemetrics.frame.FrameCodec ");
        for (String unwanted : NEVER_ON_THE_PATH) {
          assertThat(loaded).doesNotContain("[class,load] " + unwanted);
        }
        assertThat(loaded)
            .doesNotContainPattern("\\[class,load\\] org\\.telemetrics\\.\\S*\\$\\$Lambda");
      }
    }
  }
}
