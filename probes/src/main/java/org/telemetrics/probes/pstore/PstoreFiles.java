package org.telemetrics.probes.pstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reading and removing pstore entries without following links: a symbolic link in the directory is
 * neither read nor its target removed (removing deletes the link's own name, which is what
 * unlink(2) does). A file is read through the descriptor opened with O_NOFOLLOW, up to a bound, so
 * no path can be redirected between the check and the read.
 */
final class PstoreFiles {
  /** Largest entry read (EFI variables hold about 1 KiB, ramoops records some KiB). */
  static final int MAX_ENTRY_BYTES = 1 << 20;

  /** The header the kernel writes into each dump part, e.g. "Oops#1 Part1". */
  private static final Pattern PART_HEADER = Pattern.compile("[A-Za-z]+#[0-9]+ Part[0-9]+");

  private PstoreFiles() {}

  /** The dump entries of {@code dir} and the names skipped because they are not regular files. */
  record Listing(List<PstoreEntry> entries, List<String> notRegular) {}

  static Listing list(Path dir) throws IOException {
    List<PstoreEntry> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        var entry = PstoreEntry.parse(name);
        if (entry.isEmpty()) {
          continue;
        }
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
          entries.add(entry.get());
        } else {
          skipped.add(name);
        }
      }
    }
    return new Listing(entries, skipped);
  }

  /** The text of one part, its "Oops#1 Part1" header line removed. */
  static String readPart(Path dir, PstoreEntry e) throws IOException {
    byte[] bytes;
    try (InputStream in =
        Files.newInputStream(
            dir.resolve(e.name()), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_ENTRY_BYTES);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    if (PART_HEADER.matcher(first).matches()) {
      text = nl < 0 ? "" : text.substring(nl + 1);
    }
    return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
  }

  /** Removes an entry's name (a link is removed, never its target). */
  static void remove(Path dir, PstoreEntry e) throws IOException {
    Files.deleteIfExists(dir.resolve(e.name()));
  }
}
