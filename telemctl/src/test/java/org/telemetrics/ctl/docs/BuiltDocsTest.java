package org.telemetrics.ctl.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telemetrics.ctl.Telemctl;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man page and completion script the build makes (process-classes, before the tests), and the
 * roff page in docs/man, agree with the command definitions.
 */
class BuiltDocsTest {
  static final Path TARGET = Path.of("target");
  static final Path ROFF = Path.of("..", "docs", "man", "telemctl.1");

  static List<CommandSpec> allCommands() {
    List<CommandSpec> out = new ArrayList<>();
    collect(new CommandLine(new Telemctl(null)).getCommandSpec(), out);
    return out;
  }

  private static void collect(CommandSpec spec, List<CommandSpec> out) {
    out.add(spec);
    spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), out));
  }

  @Test
  void theBuildMadeAManPagePerCommand() throws Exception {
    for (CommandSpec spec : allCommands()) {
      String name = spec.qualifiedName("-");
      Path adoc = TARGET.resolve("man/adoc/" + name + ".adoc");
      assertThat(adoc).as(name).isRegularFile();
      assertThat(Files.readString(adoc)).contains("= " + name + "(1)");
      if (spec.parent() != null) {
        Path roff = TARGET.resolve("man/man1/" + name + ".1");
        assertThat(roff).as(name).isRegularFile();
        assertThat(Files.readString(roff))
            .contains(
                ".TH \"" + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" \"1\"")
            .contains(".SH \"SYNOPSIS\"");
      }
    }
    // the page of telemctl itself is the hand-written one
    assertThat(TARGET.resolve("man/man1/telemctl.1")).hasSameTextualContentAs(ROFF);
  }

  @Test
  void theRoffPageDocumentsEveryCommandAndOption() throws Exception {
    String roff = Files.readString(ROFF);
    for (CommandSpec spec : allCommands()) {
      if (spec.parent() != null) {
        String section = spec.qualifiedName(" ").substring("telemctl ".length());
        assertThat(roff).as(section).contains(".SS " + section.replace("-", "\\-"));
      }
      for (OptionSpec option : spec.options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        assertThat(roff)
            .as(spec.qualifiedName() + " " + option.longestName())
            .contains(option.longestName().replace("-", "\\-"));
      }
    }
  }

  @Test
  @Timeout(30)
  void theCompletionScriptLoadsInBashAndKnowsEveryCommand() throws Exception {
    Path script = TARGET.resolve("telemctl_completion");
    assertThat(script).isRegularFile();
    String text = Files.readString(script);
    for (String command : new CommandLine(new Telemctl(null)).getSubcommands().keySet()) {
      assertThat(text).contains(command);
    }
    Process bash =
        new ProcessBuilder(
                "bash", "-c", "source \"$1\" && complete -p telemctl", "bash", script.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String output = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.exitValue()).as(output).isZero();
    assertThat(output).contains("telemctl");
  }
}
