package org.telemetrics.postd.usage;

/**
 * The length of a string in UTF-8 as {@code getBytes(UTF_8)} gives it, counted without encoding a
 * copy (a record's payload may be large, and the settling thread is the delivery's).
 */
final class Utf8 {
  private Utf8() {}

  static long length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        n++;
      } else if (ch < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(ch)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(ch)) {
        n++; // unpaired: String.getBytes writes '?' for it, and so does the record as sent
      } else {
        n += 3;
      }
    }
    return n;
  }
}
