package org.telemetrics.probes.oops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The C client's pattern table: what each start line is classified as, first match winning. */
class OopsPatternsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      NETDEV WATCHDOG: eth0 (e1000e): transmit queue 0 timed out | org.clearlinux/kernel/warning | 2
      sysctl table check failed: /net/x                | org.clearlinux/kernel/warning | 2
      IRQ handler type mismatch for IRQ 7              | org.clearlinux/kernel/warning | 2
      ALSA sound/core/pcm_lib.c:154: BUG: stream = 1   | crash/kernel/bug              | 2
      alsa x: bug y                                    | crash/kernel/bug              | 2
      irq 11: nobody cared (try booting with the "irqpoll" option) | crash/kernel/warning | 2
      Disabling IRQ #11 because IRQ 11: NOBODY CARED   | crash/kernel/warning          | 2
      WARNING: CPU: 1 PID: 796 at kernel/sched/core.c:2342 | org.clearlinux/kernel/warning | 2
      general protection fault: 0000 [#1] SMP          | org.clearlinux/kernel/bug     | 4
      BUG: unable to handle kernel paging request at 0 | org.clearlinux/kernel/bug     | 4
      BUG: soft lockup - CPU#8 stuck for 22s!          | org.clearlinux/kernel/bug     | 4
      kernel BUG at mm/mmap.c:2156!                    | org.clearlinux/kernel/bug     | 4
      general protection fault:0000                    | org.clearlinux/kernel/bug     | 4
      do_IRQ: stack overflow: 1000                     | org.clearlinux/kernel/stackoverflow | 4
      RTNL: assertion failed at net/core/dev.c (4391)  | org.clearlinux/kernel/warning | 2
      Eeek! page_mapcount(page) went negative! (-1)    | org.clearlinux/kernel/bug     | 4
      near stack overflow (cur:f6aa6000,sp:f6aa6100)   | org.clearlinux/kernel/bug     | 4
      double fault: 0000 [#3] SMP                      | org.clearlinux/kernel/bug     | 4
      Badness at kernel/x.c:1                          | org.clearlinux/kernel/bug     | 4
      list_del corruption. next->prev should be x      | org.clearlinux/kernel/warning | 2
      list_add corruption. prev->next should be y      | org.clearlinux/kernel/warning | 2
      ACPI Error: Method parse/execution failed        | org.clearlinux/kernel/warning | 2
      Kernel panic - not syncing: Fatal exception      | org.clearlinux/kernel/panic   | 4
      BERT: Error records from previous boot:          | org.clearlinux/bert/debug     | 2
      """)
  void classifiesEachStartLineAsTheCClientDoes(String line, String classification, int severity) {
    OopsPattern p = OopsPatterns.firstMatch(line).orElseThrow();

    assertThat(p.classification()).isEqualTo(classification);
    assertThat(p.severity()).isEqualTo(severity);
  }

  @Test
  void hasTheCClientsTwentyTwoPatterns() {
    assertThat(OopsPatterns.ALL).hasSize(22);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      warning: lower case is not the prefix
      irq : nobody cared
      irq x: nobody cared
      a BUG: not at the start
      ALSA no colon bug here
      ALſA x: BUG y
      """)
  void otherLinesStartNothing(String line) {
    assertThat(OopsPatterns.firstMatch(line)).isEmpty();
  }
}
