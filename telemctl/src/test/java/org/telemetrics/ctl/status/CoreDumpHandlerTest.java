package org.telemetrics.ctl.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.status.CoreDumpHandler.Owner;

class CoreDumpHandlerTest {
  @TempDir Path dir;

  @Test
  void namesTheProgramACorePatternPipesTo() {
    assertThat(CoreDumpHandler.of("|/usr/local/bin/crashprobe -p %e -s %s").owner())
        .isEqualTo(Owner.CRASHPROBE);
    assertThat(CoreDumpHandler.of("|/lib/systemd/systemd-coredump %P %u %g %s %t %c %h").owner())
        .isEqualTo(Owner.SYSTEMD_COREDUMP);
    assertThat(CoreDumpHandler.of("|/usr/share/apport/apport -p%p -s%s -c%c -P%P").owner())
        .isEqualTo(Owner.APPORT);
    assertThat(CoreDumpHandler.of("| /opt/abrt/abrt-hook-ccpp %s").owner())
        .isEqualTo(Owner.OTHER_PIPE);
    assertThat(CoreDumpHandler.of("core").describe())
        .isEqualTo("the kernel writes core files: core");
    assertThat(CoreDumpHandler.of("|/tmp/not-crashprobe").owner()).isEqualTo(Owner.OTHER_PIPE);
  }

  @Test
  void anOversizedOrMissingFileIsAReasonNotACrash() throws Exception {
    Path file = dir.resolve("core_pattern");
    StringBuilder why = new StringBuilder();
    assertThat(CoreDumpHandler.read(file, why)).isEmpty();
    assertThat(why).hasToString("cannot read " + file + ": no such file");

    Files.writeString(file, "|".repeat(5000));
    StringBuilder tooLarge = new StringBuilder();
    assertThat(CoreDumpHandler.read(file, tooLarge)).isEmpty();
    assertThat(tooLarge.toString()).contains("larger than 4096 bytes");

    Files.writeString(file, "|/usr/bin/crashprobe -p %e\n");
    assertThat(CoreDumpHandler.read(file, new StringBuilder()))
        .map(CoreDumpHandler::describe)
        .contains("crashprobe: |/usr/bin/crashprobe -p %e");
  }
}
