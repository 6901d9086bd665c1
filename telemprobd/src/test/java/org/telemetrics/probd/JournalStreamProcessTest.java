package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.log.JournalStream;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The daemon writes journal priority prefixes only when JOURNAL_STREAM names the file its standard
 * error is open on: here a file the test made, whose device and inode it sets.
 */
class JournalStreamProcessTest {
  @TempDir Path tmp;

  private JavaProcess.Result startWithoutConfig(Path output, String journalStream)
      throws Exception {
    TestRoot root = TestRoot.create(tmp.resolve("root"));
    Map<String, String> env = new HashMap<>(root.env());
    env.put("JOURNAL_STREAM", journalStream);
    return JavaProcess.run(
        ProbdFixture.MAIN,
        List.of("-f", tmp.resolve("missing.conf").toString()),
        env,
        output,
        Duration.ofSeconds(30));
  }

  @Test
  void standardErrorThatIsTheJournalGetsPriorities() throws Exception {
    Path output = Files.createFile(tmp.resolve("journal.log"));
    String identity = JournalStream.identity(output).orElseThrow();
    JavaProcess.Result r = startWithoutConfig(output, identity);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).startsWith("<3>telemprobd: ");
  }

  @Test
  void anInheritedVariableNamingAnotherFileGivesPlainLines() throws Exception {
    Path other = Files.createFile(tmp.resolve("elsewhere"));
    JavaProcess.Result r =
        startWithoutConfig(tmp.resolve("plain.log"), JournalStream.identity(other).orElseThrow());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).startsWith("telemprobd: error: ");
  }
}
