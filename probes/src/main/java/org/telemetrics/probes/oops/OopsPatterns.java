package org.telemetrics.probes.oops;

import java.util.List;
import java.util.Optional;

/** The C client's 22 start patterns, in its order: the first that matches a line wins. */
public final class OopsPatterns {
  static final String WARNING = "org.clearlinux/kernel/warning";
  static final String BUG = "org.clearlinux/kernel/bug";
  static final int MEDIUM = 2;
  static final int CRITICAL = 4;

  public static final List<OopsPattern> ALL =
      List.of(
          prefix("NETDEV WATCHDOG: ", WARNING, MEDIUM),
          prefix("sysctl table check failed: ", WARNING, MEDIUM),
          prefix("IRQ handler type mismatch for IRQ", WARNING, MEDIUM),
          new OopsPattern(
              "^ALSA (.*): BUG(.*)", OopsPattern.Kind.ALSA_BUG, "crash/kernel/bug", MEDIUM),
          new OopsPattern(
              "irq [[:digit:]]+: nobody cared",
              OopsPattern.Kind.IRQ_NOBODY_CARED,
              "crash/kernel/warning",
              MEDIUM),
          prefix("WARNING: ", WARNING, MEDIUM),
          prefix("general protection fault: ", BUG, CRITICAL),
          prefix("BUG: unable to handle kernel ", BUG, CRITICAL),
          prefix("BUG:", BUG, CRITICAL),
          prefix("kernel BUG at", BUG, CRITICAL),
          prefix("general protection fault:", BUG, CRITICAL),
          prefix("do_IRQ: stack overflow:", "org.clearlinux/kernel/stackoverflow", CRITICAL),
          prefix("RTNL: assertion failed", WARNING, MEDIUM),
          prefix("Eeek! page_mapcount(page) went negative!", BUG, CRITICAL),
          prefix("near stack overflow (cur:", BUG, CRITICAL),
          prefix("double fault", BUG, CRITICAL),
          prefix("Badness", BUG, CRITICAL),
          prefix("list_del corruption.", WARNING, MEDIUM),
          prefix("list_add corruption.", WARNING, MEDIUM),
          prefix("ACPI Error:", WARNING, MEDIUM),
          prefix("Kernel panic - not syncing:", "org.clearlinux/kernel/panic", CRITICAL),
          new OopsPattern(
              "BERT: Error records from previous boot:",
              OopsPattern.Kind.BERT,
              "org.clearlinux/bert/debug",
              MEDIUM));

  private OopsPatterns() {}

  private static OopsPattern prefix(String text, String classification, int severity) {
    return new OopsPattern(text, OopsPattern.Kind.PREFIX, classification, severity);
  }

  /** The first pattern a normalized line matches. */
  public static Optional<OopsPattern> firstMatch(String line) {
    for (OopsPattern p : ALL) {
      if (p.matches(line)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
