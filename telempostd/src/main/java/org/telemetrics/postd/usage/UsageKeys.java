package org.telemetrics.postd.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.Consumer;
import org.telemetrics.files.DamagedFiles;

/**
 * De-duplication keys of settled records: the record's {@code started} time as the usage row has it
 * (blurred; 8 bytes, big-endian) and the first 16 bytes of SHA-256(salt, record id). The time first
 * keeps a batch's keys together at the end of the table's B-tree instead of spread over all its
 * pages (a random key per row wrote a page per row); a record sent again after a kill keeps its
 * acknowledgement time, so its key is the same. The salt lives in {@code <usage_db>.key} (mode
 * 0600), not in the database, so the database's readers cannot tell which record a key belongs to
 * even when they know record ids (the server does). A lost salt only means a record settled twice
 * around a kill may be counted twice. Used by the usage writer's thread alone: its digest is kept,
 * not looked up per key.
 */
final class UsageKeys {
  private static final int SALT_BYTES = 32;
  private final byte[] salt;
  private final MessageDigest sha256;

  private UsageKeys(byte[] salt) {
    this.salt = salt;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The salt of {@code saltFile}, or a new one written there. Anything else in its place (a file of
   * another size, a directory, a link) is moved aside with a {@code .reason} note and {@code
   * onMovedAside} told; the keys then differ from the old ones, which only matters for a record
   * settled again after a kill.
   */
  static UsageKeys load(Path saltFile, Consumer<String> onMovedAside) throws IOException {
    if (Files.isRegularFile(saltFile, LinkOption.NOFOLLOW_LINKS)) {
      try (SeekableByteChannel ch = Files.newByteChannel(saltFile)) {
        if (ch.size() == SALT_BYTES) {
          ByteBuffer salt = ByteBuffer.allocate(SALT_BYTES);
          while (salt.hasRemaining() && ch.read(salt) >= 0) {
            // a 32-byte file: a few reads at most
          }
          if (!salt.hasRemaining()) {
            return new UsageKeys(salt.array());
          }
        }
      } catch (IOException e) {
        // unreadable: moved aside below like a file of the wrong size
      }
    }
    if (Files.exists(saltFile, LinkOption.NOFOLLOW_LINKS)) {
      String reason = "not a " + SALT_BYTES + "-byte key file";
      Path aside = DamagedFiles.moveAside(saltFile, reason, Instant.now());
      onMovedAside.accept(
          "usage database key "
              + saltFile
              + " moved aside to "
              + aside
              + ": "
              + reason
              + "; a new key is made");
    }
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    Path tmp = saltFile.resolveSibling(saltFile.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, salt);
    Files.move(tmp, saltFile, StandardCopyOption.ATOMIC_MOVE);
    return new UsageKeys(salt);
  }

  byte[] of(String recordId, long started) {
    sha256.update(salt);
    sha256.update(recordId.getBytes(StandardCharsets.UTF_8));
    byte[] hash = sha256.digest();
    return ByteBuffer.allocate(24).putLong(started).put(hash, 0, 16).array();
  }
}
