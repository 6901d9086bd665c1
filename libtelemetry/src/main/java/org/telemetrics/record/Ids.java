package org.telemetrics.record;

import org.telemetrics.random.KernelBytes;

/** Random 32-character lowercase hex identifiers (event ids, record ids, machine ids). */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  public static String random128() {
    byte[] bytes = new byte[16];
    fillRandom(bytes);
    return hex(bytes);
  }

  /** Fills {@code bytes} from the kernel's generator, as {@link #random128} does. */
  public static void fillRandom(byte[] bytes) {
    Holder.RANDOM.fill(bytes);
  }

  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** True for exactly 32 lowercase hex characters. */
  public static boolean isId(String s) {
    if (s == null || s.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Lazily opened: not every caller needs it. */
  private static final class Holder {
    static final KernelBytes RANDOM = KernelBytes.open();
  }
}
