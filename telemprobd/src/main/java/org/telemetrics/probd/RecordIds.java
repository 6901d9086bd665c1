package org.telemetrics.probd;

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

  /** Ids from the kernel's generator, the source {@link Ids#random128} reads. */
  static RecordIds fromKernel() {
    return new RecordIds(Ids::fillRandom);
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
}
