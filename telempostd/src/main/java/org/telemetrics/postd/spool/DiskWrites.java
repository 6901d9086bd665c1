package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.FileErrors;

/**
 * Every write telempostd makes to the spool (renames and deletions free space and are not here),
 * behind one interface so a test can make the disk full at a chosen moment. An {@code IOException}
 * names the file.
 */
public interface DiskWrites {
  /** Writes a whole file atomically and durably, through a temporary file in {@code tmpDir}. */
  void write(Path tmpDir, Path target, byte[] content) throws IOException;

  /** Appends to a file, creating it if needed; never through a symbolic link. */
  void append(Path file, byte[] content) throws IOException;

  static DiskWrites system() {
    return new DiskWrites() {
      @Override
      public void write(Path tmpDir, Path target, byte[] content) throws IOException {
        AtomicFiles.write(tmpDir, target, content);
      }

      @Override
      public void append(Path file, byte[] content) throws IOException {
        // opened for each append: a queue of lingering files must not hold a descriptor each
        try (FileChannel ch =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS)) {
          ByteBuffer buf = ByteBuffer.wrap(content);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        } catch (IOException e) {
          throw new IOException("could not append to " + FileErrors.about(file, e), e);
        }
      }
    };
  }
}
