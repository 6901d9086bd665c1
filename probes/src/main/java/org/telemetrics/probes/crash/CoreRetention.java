package org.telemetrics.probes.crash;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;

/**
 * Keeps a copy of the core, gzip-compressed as it streams by, within two limits like
 * systemd-coredump's {@code ExternalSizeMax} and {@code MaxUse}: a core whose compressed size
 * passes {@code maxBytes} is dropped while streaming (the probe still reads it for the backtrace),
 * and the oldest kept cores are deleted so that all stay within {@code dirMaxBytes}. Write failures
 * (a full disk) only lose the copy, never the report.
 */
final class CoreRetention {
  static final String SUFFIX = ".core.gz";

  private final Path dir;
  private final Path tmp;
  private final Path target;
  private final long maxBytes;
  private final long dirMaxBytes;
  private final CountingOutputStream file;
  private final GZIPOutputStream gzip;
  private String dropped;

  private CoreRetention(Path dir, String name, long maxBytes, long dirMaxBytes) throws IOException {
    this.dir = Directories.ensure(dir);
    this.target = dir.resolve(name + SUFFIX);
    this.tmp = dir.resolve("." + name + ".tmp");
    this.maxBytes = maxBytes;
    this.dirMaxBytes = dirMaxBytes;
    FileChannel ch =
        FileChannel.open(
            tmp,
            Set.<OpenOption>of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    this.file = new CountingOutputStream(Channels.newOutputStream(ch));
    this.gzip =
        new GZIPOutputStream(file, 64 << 10) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
  }

  /** Starts keeping a core named {@code core.<process>.<pid>.<time>}. */
  static CoreRetention start(
      Path dir, String process, long pid, long time, long maxBytes, long dirMaxBytes)
      throws IOException {
    String safe = process.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 64) {
      safe = safe.substring(safe.length() - 64);
    }
    return new CoreRetention(dir, "core." + safe + "." + pid + "." + time, maxBytes, dirMaxBytes);
  }

  /** Where the core's bytes go; never throws, a failure drops the copy. */
  OutputStream sink() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        if (dropped != null) {
          return;
        }
        try {
          gzip.write(b, off, len);
          if (file.count > maxBytes) {
            drop("its compressed size passed " + maxBytes + " bytes");
          }
        } catch (IOException e) {
          drop("writing failed: " + FileErrors.describe(e));
        }
      }
    };
  }

  /** Finishes the copy: the kept file, or why it was not kept. */
  Result finish() {
    if (dropped == null) {
      try {
        gzip.close();
        if (file.count > maxBytes) {
          drop("its compressed size passed " + maxBytes + " bytes");
        }
      } catch (IOException e) {
        drop("writing failed: " + FileErrors.describe(e));
      }
    }
    if (dropped != null) {
      return new Result(Optional.empty(), dropped, List.of());
    }
    try {
      List<Path> deleted = makeRoom(file.count);
      if (file.count > dirMaxBytes) {
        drop("it alone is larger than the " + dirMaxBytes + " bytes all cores may use");
        return new Result(Optional.empty(), dropped, deleted);
      }
      AtomicFiles.move(tmp, target);
      return new Result(Optional.of(target), "", deleted);
    } catch (IOException e) {
      drop("cannot keep it: " + FileErrors.describe(e));
      return new Result(Optional.empty(), dropped, List.of());
    }
  }

  /** What became of the copy, and which older cores were deleted for it. */
  record Result(Optional<Path> kept, String reason, List<Path> deleted) {}

  private void drop(String reason) {
    dropped = reason;
    try {
      gzip.close();
    } catch (IOException e) {
      // the copy is being discarded anyway
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // a stray temporary file is replaced by the next core of this name
    }
  }

  /** Deletes the oldest kept cores until {@code incoming} more bytes fit. */
  private List<Path> makeRoom(long incoming) throws IOException {
    List<Path> cores = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(
              p ->
                  p.getFileName().toString().endsWith(SUFFIX)
                      && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(cores::add);
    }
    cores.sort(Comparator.comparing(CoreRetention::modified));
    long total = 0;
    for (Path p : cores) {
      total += Files.size(p);
    }
    List<Path> deleted = new ArrayList<>();
    for (Path p : cores) {
      if (total + incoming <= dirMaxBytes) {
        break;
      }
      total -= Files.size(p);
      Files.deleteIfExists(p);
      deleted.add(p);
    }
    return deleted;
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }
  }
}
