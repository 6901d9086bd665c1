package org.telemetrics.ctl.directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.config.Layout;
import org.telemetrics.files.Directories;
import org.telemetrics.spool.disk.WorkingDirectory;

/**
 * The directories the daemons work in (what the C client's tmpfiles.d entry made): the spool
 * directory and its subdirectories, and the directories of the machine id, journal and retained
 * copies. Directories this creates get mode 0750 and, when the system has a {@code telemetry} user
 * and we may give files away, that owner, so the daemons (which run as it) can write.
 */
public final class WorkingDirectories {
  public static final String DAEMON_USER = "telemetry";

  private WorkingDirectories() {}

  public static List<Path> of(Layout l) {
    List<Path> dirs = new ArrayList<>();
    dirs.add(l.spoolDir());
    dirs.addAll(WorkingDirectory.all(l.spoolDir()));
    dirs.addAll(
        List.of(l.machineIdFile().getParent(), l.journalFile().getParent(), l.retentionDir()));
    return dirs;
  }

  /** Creates the missing directories; returns those it created. */
  public static List<Path> create(Layout layout) throws IOException {
    List<Path> created = new ArrayList<>();
    for (Path dir : of(layout)) {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Directories.ensure(dir); // refuses a symbolic link or a file in the way
        continue;
      }
      // as the packaged tmpfiles.d entry: for the daemon user and its group only
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
      giveToDaemonUser(dir);
      created.add(dir);
    }
    return created;
  }

  /** Gives a file or directory we made to the daemon user, when there is one and we may. */
  public static void giveToDaemonUser(Path dir) {
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    try {
      PosixFileAttributeView view =
          Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      GroupPrincipal group = users.lookupPrincipalByGroupName(DAEMON_USER);
      view.setOwner(users.lookupPrincipalByName(DAEMON_USER));
      view.setGroup(group);
    } catch (UserPrincipalNotFoundException e) {
      // no telemetry user: a development or test system, where the caller runs the daemons
    } catch (IOException e) {
      // not allowed to give files away (not root): the caller owns them, which is what it needs
    }
  }
}
