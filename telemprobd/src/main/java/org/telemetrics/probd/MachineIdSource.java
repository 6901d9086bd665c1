package org.telemetrics.probd;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.host.MachineIds;
import org.telemetrics.log.Log;
import org.telemetrics.record.Ids;

/**
 * The machine id stamped into every record.
 *
 * <p>The static override file wins: its first line, at most 32 characters. Unlike the C daemon,
 * which read it once at start, a change to the file (created, edited, removed) applies to the next
 * record. Otherwise the id is a random 32-hex value kept in the machine id file and replaced when
 * the file is older than three days, so records of one machine can be linked for three days at
 * most. The file is written atomically, readable by its owner only. It is replaced sooner when the
 * system's own machine id ({@code /etc/machine-id}) was written after it: a clone of a disk image
 * gets a new system id at its first boot, and would otherwise share the image's id with every other
 * clone for up to three days.
 */
final class MachineIdSource {
  static final long EXPIRY_MILLIS = 3L * 24 * 3600 * 1000;

  /** How often the rotating file is looked at again when nothing else forces it. */
  static final long RECHECK_MILLIS = 3600 * 1000;

  private final Path staticFile;
  private final File staticFileIo;
  private final Path rotatingFile;
  private final Path systemIdFile;
  private final Clock clock;
  private final Ticker ticker;
  private final Supplier<String> newIds;
  private final Log log;

  private Object staticStamp;
  private String staticId;
  private String rotatingId;
  private long rotatingBornAt;
  private long rotatingCheckedAtNanos;

  /**
   * {@code systemIdFile} is the system's machine id, only its time is read; {@code clock} dates the
   * id (compared with the files' times), {@code ticker} spaces the re-checks, {@code newIds} makes
   * a random id.
   */
  MachineIdSource(
      Path staticFile,
      Path rotatingFile,
      Path systemIdFile,
      Clock clock,
      Ticker ticker,
      Supplier<String> newIds,
      Log log) {
    this.staticFile = staticFile;
    this.staticFileIo = staticFile.toFile();
    this.rotatingFile = rotatingFile;
    this.systemIdFile = systemIdFile;
    this.clock = clock;
    this.ticker = ticker;
    this.newIds = newIds;
    this.log = log;
  }

  /** The id for a record received now. */
  String current() {
    // the usual case, no file, without an exception per record: a stat that only says no (a
    // dangling link says no as well, and would be ignored below anyway), made before the lock
    // that records arriving together queue on
    boolean staticSeen = staticFileIo.exists();
    synchronized (this) {
      String override = staticOverride(staticSeen);
      return override != null ? override : rotating();
    }
  }

  private String staticOverride(boolean staticSeen) {
    BasicFileAttributes attrs;
    try {
      attrs =
          staticStamp == null && !staticSeen
              ? null
              : Files.readAttributes(
                  staticFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      attrs = null;
    }
    if (attrs == null) {
      if (staticStamp != null) {
        log.info("static machine id file " + staticFile + " is gone; using the rotating id");
      }
      staticStamp = null;
      staticId = null;
      return null;
    }
    // mtime, size and inode together notice edits, replacements and truncations
    Object stamp = List.of(attrs.lastModifiedTime(), attrs.size(), String.valueOf(attrs.fileKey()));
    if (!stamp.equals(staticStamp)) {
      staticStamp = stamp;
      staticId = readStatic(attrs);
      if (staticId != null) {
        log.info("using the static machine id from " + staticFile);
      }
    }
    return staticId;
  }

  private String readStatic(BasicFileAttributes attrs) {
    if (!attrs.isRegularFile()) {
      log.warning(staticFile + " is not a regular file; ignored");
      return null;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(staticFile, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(MachineIds.MAX_STATIC_LENGTH);
    } catch (IOException e) {
      log.warning("cannot read " + FileErrors.about(staticFile, e) + "; ignored");
      return null;
    }
    try {
      return MachineIds.parseStatic(head);
    } catch (IllegalArgumentException e) {
      log.warning(staticFile + " " + e.getMessage() + "; ignored");
      return null;
    }
  }

  private String rotating() {
    long now = clock.millis();
    long nowNanos = ticker.nanos();
    if (rotatingId != null
        && now - rotatingBornAt < EXPIRY_MILLIS
        && (nowNanos - rotatingCheckedAtNanos) / 1_000_000 < RECHECK_MILLIS) {
      return rotatingId;
    }
    rotatingCheckedAtNanos = nowNanos;
    try {
      BasicFileAttributes attrs =
          Files.readAttributes(rotatingFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String onDisk =
          new String(RegularFiles.readBounded(rotatingFile, 64), StandardCharsets.US_ASCII).strip();
      long bornAt = attrs.lastModifiedTime().toMillis();
      if (Ids.isId(onDisk) && now - bornAt < EXPIRY_MILLIS && bornAt <= now + 60_000) {
        if (!systemIdWrittenSince(bornAt, now)) {
          rotatingId = onDisk;
          rotatingBornAt = bornAt;
          return rotatingId;
        }
        log.info(
            "the system's machine id "
                + systemIdFile
                + " was written after "
                + rotatingFile
                + " (a clone of a disk image?): renewing it");
      }
    } catch (NoSuchFileException e) {
      // first start: make one below
    } catch (IOException e) {
      log.warning("cannot read the machine id file " + FileErrors.about(rotatingFile, e));
    }
    return renew(now);
  }

  /**
   * Whether the system's machine id was written after {@code bornAt}. A time ahead of the clock
   * proves nothing (the clock was set back since), and a missing file nothing either.
   */
  private boolean systemIdWrittenSince(long bornAt, long now) {
    try {
      long written = Files.getLastModifiedTime(systemIdFile).toMillis();
      return written > bornAt && written <= now;
    } catch (IOException e) {
      return false;
    }
  }

  private String renew(long now) {
    String id = newIds.get();
    try {
      Directories.ensure(rotatingFile.getParent());
      AtomicFiles.write(
          rotatingFile.getParent(), rotatingFile, id.getBytes(StandardCharsets.US_ASCII));
      Files.setLastModifiedTime(rotatingFile, FileTime.fromMillis(now));
      log.info("new machine id written to " + rotatingFile);
    } catch (IOException e) {
      // records still get a valid id; it just does not survive a restart
      log.error("cannot write the machine id file " + FileErrors.about(rotatingFile, e));
    }
    rotatingId = Objects.requireNonNull(id);
    rotatingBornAt = now;
    return id;
  }
}
