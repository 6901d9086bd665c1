package org.telemetrics.ctl.optin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.command.Privileges;
import org.telemetrics.ctl.directories.WorkingDirectories;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.record.Ids;
import picocli.CommandLine.Command;

@Command(
    name = "opt-in",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Opts in to telemetry (then run start).",
      "",
      "Creates the opt-in marker, gives the machine a new "
          + "random machine id and creates the working directories. The services are not "
          + "started: run 'telemctl start' next."
    })
public final class OptInCommand extends CtlCommand {
  public static final String ALREADY = "Already opted in. Nothing to do.";
  public static final String NEXT =
      "Opted in to telemetry. Run 'telemctl start' to start the " + "telemetry services.";

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    Privileges.requireRootOrPrivateRoot(ctx(), config);
    Layout layout = config.layout();
    Path marker = layout.optInFile();
    try {
      // /etc/telemetrics holds the configuration every probe reads
      Directories.ensure(marker.getParent(), AtomicFiles.SHARED_DIRECTORY);
    } catch (IOException e) {
      throw new CtlException("Failed to create " + marker.getParent());
    }
    if (!createMarker(marker)) {
      err().println(ALREADY);
      return ExitCodes.OK;
    }
    try {
      WorkingDirectories.create(layout);
      renewMachineId(layout.machineIdFile());
    } catch (IOException e) {
      throw new CtlException(
          "Opted in, but failed to prepare the working directories: " + FileErrors.describe(e));
    }
    out().println(NEXT);
    return ExitCodes.OK;
  }

  /** O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644: false if anything (even a link) is already there. */
  static boolean createMarker(Path marker) throws CtlException {
    try {
      // the marker's existence is the opt-in; its content is irrelevant (as in C)
      Files.newByteChannel(
              marker,
              Set.<OpenOption>of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(AtomicFiles.READABLE_BY_ALL))
          .close();
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new CtlException("Failed to create " + marker + ".");
    }
    try {
      AtomicFiles.syncDirectory(marker.getParent());
    } catch (IOException e) {
      throw new CtlException("Failed to create " + marker + ".");
    }
    return true;
  }

  /**
   * A new id as telemprobd writes it (32 lowercase hex, no newline, owner only, owned by the daemon
   * user when there is one); telemprobd renews it when it is three days old.
   */
  static void renewMachineId(Path file) throws IOException {
    Directories.ensure(file.getParent());
    AtomicFiles.write(file.getParent(), file, Ids.random128().getBytes(StandardCharsets.US_ASCII));
    WorkingDirectories.giveToDaemonUser(file);
  }
}
