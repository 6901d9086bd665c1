package org.telemetrics.ctl.requeue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.command.Privileges;
import org.telemetrics.files.AsideNote;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.spool.disk.SpoolNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "requeue",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Moves dead-letter records back to be sent again.",
      "",
      "Moves dead-letter records back to staging, where telempostd takes them "
          + "again (for example after the backend was fixed). The files are moved unchanged, "
          + "keeping their record ids, so the backend can still de-duplicate.",
      "Without RECORD_ID every dead-letter record is moved. Files that are not records are "
          + "left where they are and reported. telempostd's note of why it refused a record "
          + "(<id>.reason) is shown by --dry-run and removed when the record is moved."
    })
public final class RequeueCommand extends CtlCommand {
  @Parameters(arity = "0..*", paramLabel = "RECORD_ID", description = "Records to move.")
  List<String> recordIds = new ArrayList<>();

  @Option(
      names = {"-n", "--dry-run"},
      description = "Only list what would be moved.")
  boolean dryRun;

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    if (!dryRun) {
      Privileges.requireRootOrPrivateRoot(ctx(), config);
    }
    Layout layout = config.layout();
    Set<String> wanted = new LinkedHashSet<>(recordIds);
    boolean ok = true;
    int moved = 0;
    for (Path file : candidates(layout.deadLetterDir())) {
      SpoolEntry entry;
      try {
        byte[] bytes = RegularFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE);
        entry =
            SpoolFileFormat.decode(
                bytes, Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis());
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        err().println("Not requeued: cannot read " + FileErrors.about(file, e));
        ok = false;
        continue;
      } catch (SpoolFormatException e) {
        err().println("Not requeued: " + file + " is not a record (" + e.getMessage() + ")");
        ok = false;
        continue;
      }
      if (!wanted.isEmpty() && !wanted.remove(entry.recordId())) {
        continue;
      }
      Path target = layout.stagingDir().resolve(file.getFileName());
      Path reasonFile = file.resolveSibling(SpoolNames.reasonFor(file.getFileName().toString()));
      if (dryRun) {
        out()
            .println(
                "would requeue "
                    + entry.recordId()
                    + " "
                    + entry.record().classification()
                    + reason(reasonFile));
        moved++;
        continue;
      }
      try {
        Directories.ensure(layout.stagingDir());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          err().println("Not requeued: " + target + " already exists");
          ok = false;
          continue;
        }
        AtomicFiles.move(file, target);
        // the refusal no longer applies; telempostd writes a new one if it happens again
        Files.deleteIfExists(reasonFile);
        out().println("requeued " + entry.recordId() + " " + entry.record().classification());
        moved++;
      } catch (IOException e) {
        err().println("Failed to requeue " + FileErrors.about(file, e));
        ok = false;
      }
    }
    for (String missing : wanted) {
      err().println("No dead-letter record " + missing);
      ok = false;
    }
    out()
        .println(
            (dryRun ? "Would requeue " : "Requeued ")
                + moved
                + (moved == 1 ? " record." : " records."));
    return ok ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** " (status 400: bad classification)" from telempostd's note, or nothing. */
  static String reason(Path reasonFile) {
    try {
      return AsideNote.parse(RegularFiles.readBounded(reasonFile, AsideNote.MAX_BYTES)).describe();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Record files of the dead-letter directory: named by record id (ours) or by the C client's six
   * characters; regular files only. Other names (notes telempostd may keep beside them) are not
   * records and are left alone.
   */
  static List<Path> candidates(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if ((Ids.isId(name) || name.matches("[A-Za-z0-9]{6}"))
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    files.sort(null);
    return files;
  }
}
