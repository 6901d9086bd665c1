package org.telemetrics.probd;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import org.telemetrics.record.Ids;

/**
 * Random 128-bit ids for the records telemprobd accepts, {@value #BATCH_IDS} taken from the
 * kernel's generator at a time. An id each from {@code /dev/urandom} cost a read and, with records
 * arriving on many connections at once, a contended lock per record; here the lock is held for a
 * copy of 16 bytes, and the read is made once per batch. Every byte still comes from the kernel.
 */
final class RecordIds implements Supplier<String> {
  /** Fills its argument with random bytes. */
  interface RandomBytes {
    void fill(byte[] bytes);
  }

  static final int BATCH_IDS = 256;
  private static final int ID_BYTES = 16;

  private final RandomBytes source;
  private final byte[] batch = new byte[BATCH_IDS * ID_BYTES];
  private int next = batch.length;

  RecordIds(RandomBytes source) {
    this.source = source;
  }

  /** Ids from {@code /dev/urandom}, or from the JDK's default generator where it cannot be read. */
  static RecordIds fromKernel() {
    InputStream urandom;
    try {
      urandom = new FileInputStream("/dev/urandom");
    } catch (IOException | SecurityException e) {
      return new RecordIds(new SecureRandom()::nextBytes);
    }
    return new RecordIds(bytes -> readFully(urandom, bytes));
  }

  @Override
  public String get() {
    byte[] id = new byte[ID_BYTES];
    synchronized (this) {
      if (next == batch.length) {
        source.fill(batch);
        next = 0;
      }
      System.arraycopy(batch, next, id, 0, ID_BYTES);
      Arrays.fill(batch, next, next + ID_BYTES, (byte) 0); // each id is handed out once
      next += ID_BYTES;
    }
    return Ids.hex(id);
  }

  private static void readFully(InputStream in, byte[] bytes) {
    try {
      for (int n = 0; n < bytes.length; ) {
        int r = in.read(bytes, n, bytes.length - n);
        if (r < 0) {
          throw new EOFException("/dev/urandom ended");
        }
        n += r;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /dev/urandom", e);
    }
  }
}
