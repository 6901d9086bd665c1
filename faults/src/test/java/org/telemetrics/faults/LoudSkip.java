package org.telemetrics.faults;

import org.junit.jupiter.api.Assumptions;

/**
 * A test that cannot run here says so where nobody can miss it (a banner on standard output and
 * standard error, for the console and the report) before it is skipped; where CI runs, after
 * scripts/install-deps.sh, a missing program is a failure instead.
 */
final class LoudSkip {
  private LoudSkip() {}

  /** Skips: "{@code banner}: {@code why}". Declared to return so callers can end with it. */
  static <T> T skip(String banner, String why) {
    String line = banner + ": " + why;
    System.err.println("\n*** " + line + " ***\n");
    System.out.println("\n*** " + line + " ***\n");
    return Assumptions.abort(line);
  }

  /** Like {@link #skip}, but a failure where the {@code CI} variable is set (and not false). */
  static <T> T skipOutsideCi(String banner, String why) {
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
      throw new AssertionError(why + "; in CI this test must run (" + banner + ")");
    }
    return skip(banner, why);
  }
}
