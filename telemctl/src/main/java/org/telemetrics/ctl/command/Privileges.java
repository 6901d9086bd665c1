package org.telemetrics.ctl.command;

import java.nio.file.Path;
import java.util.List;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;

/**
 * Who may change the system. As in C, commands that change state need root; the exception is a
 * configuration whose every path lies under a root directory other than {@code /} (tests, the
 * demo), which the user owns anyway.
 */
public final class Privileges {
  public static final String MUST_BE_ROOT = "Must be root to run this command. Exiting...";

  private Privileges() {}

  public static void requireRootOrPrivateRoot(Context ctx, TelemetryConfig config)
      throws CtlException {
    if (ctx.uid().getAsLong() == 0 || isPrivateRoot(config)) {
      return;
    }
    throw new CtlException(MUST_BE_ROOT);
  }

  public static void requireRoot(Context ctx) throws CtlException {
    if (ctx.uid().getAsLong() != 0) {
      throw new CtlException(MUST_BE_ROOT);
    }
  }

  /** True when the root is not {@code /} and every path of the layout is inside it. */
  public static boolean isPrivateRoot(TelemetryConfig config) {
    Path root = config.root().toAbsolutePath().normalize();
    if (root.getParent() == null) {
      return false;
    }
    Layout l = config.layout();
    for (Path p :
        List.of(
            l.socketPath(),
            l.optInFile(),
            l.staticMachineIdFile(),
            l.noPrivacyFiltersFile(),
            l.machineIdFile(),
            l.hostInfoFile(),
            l.spoolDir(),
            l.journalFile(),
            l.retentionDir(),
            config.path(ConfigKeys.POSTD_STATUS_FILE),
            config.path(ConfigKeys.PROBD_STATUS_FILE))) {
      if (!p.toAbsolutePath().normalize().startsWith(root)) {
        return false;
      }
    }
    return true;
  }
}
