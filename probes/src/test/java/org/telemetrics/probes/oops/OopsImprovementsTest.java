package org.telemetrics.probes.oops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the C parser loses reports (the reference's list of its bugs), ours does not; each case
 * here gives fewer reports with the C parser.
 */
class OopsImprovementsTest {
  private static List<Oops> parse(String log) throws IOException {
    return OopsLogParser.parse(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
  }

  private static OopsVectors.Vector vector(String name) {
    return OopsVectors.all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void anOopsOpenWhenTheLogEndsIsReportedAndMarkedIncomplete() throws IOException {
    // sysctl_check1 is sysctl_check1.txt without its last line, "---[ end trace ... ]---":
    // the C parser reports nothing for it
    List<Oops> found =
        OopsLogParser.parse(new ByteArrayInputStream(OopsVectors.resource("sysctl_check1")));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).complete()).isFalse();
    String whole = vector("sysctl_check1.txt").reports().get(0).payload();
    assertThat(OopsPayload.format(found.get(0), false)).isEqualTo(whole + OopsPayload.INCOMPLETE);
  }

  @Test
  void anOopsThatEndedIsNotMarkedIncomplete() throws IOException {
    List<Oops> found =
        OopsLogParser.parse(new ByteArrayInputStream(OopsVectors.resource("sysctl_check2.txt")));

    assertThat(found).singleElement().matches(Oops::complete);
    assertThat(OopsPayload.format(found.get(0), false)).doesNotContain("Incomplete");
  }

  @Test
  void theLineThatEndsAnOopsCanStartTheNext() throws IOException {
    // the C parser gives one report of 2 lines: the second WARNING only ends the first
    String log =
        """
        <4>[   10.000001] WARNING: CPU: 0 PID: 1 at drivers/a.c:10 a_probe+0x1/0x2
        <4>[   10.000002] Modules linked in: a
        <4>[   10.000003] WARNING: CPU: 1 PID: 2 at drivers/b.c:20 b_probe+0x1/0x2
        <4>[   10.000004] Modules linked in: b
        <4>[   10.000005] ---[ end trace 0123456789abcdef ]---
        """;

    List<Oops> found = parse(log);

    assertThat(found)
        .extracting(Oops::reason)
        .containsExactly(
            "WARNING: CPU: 0 PID: 1 at drivers/a.c:10 a_probe+0x1/0x2",
            "WARNING: CPU: 1 PID: 2 at drivers/b.c:20 b_probe+0x1/0x2");
    assertThat(found).allMatch(Oops::complete);
    assertThat(found.get(1).lines())
        .containsExactly(
            "WARNING: CPU: 1 PID: 2 at drivers/b.c:20 b_probe+0x1/0x2", "Modules linked in: b");
  }

  @Test
  void oopsesOneRightAfterAnotherAreAllReported() throws IOException {
    // klogscanner in C dropped the rest of a read after the first report completed in it
    String one = new String(OopsVectors.resource("RTNL.txt"), StandardCharsets.UTF_8);
    String two = new String(OopsVectors.resource("warn_on.txt"), StandardCharsets.UTF_8);

    List<Oops> found = parse(one + two + one);

    assertThat(found)
        .extracting(o -> o.pattern().classification())
        .containsExactly(
            "org.clearlinux/kernel/warning",
            "org.clearlinux/kernel/warning",
            "org.clearlinux/kernel/warning");
    assertThat(found)
        .extracting(Oops::reason)
        .containsExactly(
            parse(one).get(0).reason(), parse(two).get(0).reason(), parse(one).get(0).reason());
  }

  @Test
  void registerValuesAreShownWholeWhenPrivacyFiltersAreOff() throws IOException {
    // C's strtoll saturated every kernel address to 7fffffffffffffff
    String log =
        """
        BUG: unable to handle kernel NULL pointer dereference at 0000000000000118
        RSP: 0018:ffff88003f5b3d28  EFLAGS: 00010246
        RAX: 0000000000000000 RBX: ffffffff81c1a080 RCX: 0000000000000002
        Call Trace:
          [<ffffffff811c6e77>] evict+0xa7/0x1b0
        ---[ end trace 0123456789abcdef ]---
        """; // without a timestamp, the one space the normalization skips is the first

    Oops oops = parse(log).get(0);

    assertThat(OopsPayload.format(oops, true))
        .endsWith(
            """
        Backtrace :
        Register EFLAGS: 10246
        Register RSP: ffff88003f5b3d28
        Register RCX: 2
        Register RBX: ffffffff81c1a080
        Register RAX: 0
        #1 evict - [kernel]
        """);
    assertThat(OopsPayload.format(oops, false))
        .contains(
            """
        Register RCX: Non-zero
        Register RBX: Non-zero
        Register RAX: Zero
        """);
  }
}
