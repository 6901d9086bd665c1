package org.telemetrics.postd.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * How the journal is opened: {@link FileChannel#open} in the daemon; in tests, one that fails as
 * the daemon user would (root may read and write a file of any mode).
 */
@FunctionalInterface
interface FileOpener {
  FileOpener CHANNELS = (file, options) -> FileChannel.open(file, options);

  FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;
}
