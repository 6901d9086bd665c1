package org.telemetrics.probes.oops;

/**
 * A hexadecimal number read the way C's {@code strtoull(s, &end, 16)} reads it: leading whitespace,
 * an optional sign, an optional {@code 0x}, then hex digits; too large saturates. (The C parser
 * used {@code strtoll}, which saturates every kernel address to 0x7fffffffffffffff; the value is
 * only shown with the privacy filters off.)
 *
 * @param value the number (0 when there were no digits)
 * @param end the index after the number, or {@code from} when there were no digits
 */
record HexNumber(long value, int end) {
  static HexNumber parse(String s, int from) {
    int i = from;
    while (i < s.length() && CText.isSpace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (CText.at(s, i) == '+' || CText.at(s, i) == '-') {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (CText.at(s, i) == '0'
        && CText.lower(CText.at(s, i + 1)) == 'x'
        && digit(CText.at(s, i + 2)) >= 0) {
      i += 2;
    }
    int start = i;
    long value = 0;
    boolean overflow = false;
    while (digit(CText.at(s, i)) >= 0) {
      if (Long.compareUnsigned(value, 0x0fff_ffff_ffff_ffffL) > 0) {
        overflow = true;
      }
      value = (value << 4) | digit(s.charAt(i));
      i++;
    }
    if (i == start) {
      return new HexNumber(0, from);
    }
    if (overflow) {
      value = -1L; // ULLONG_MAX
    }
    return new HexNumber(negative ? -value : value, i);
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char l = CText.lower(c);
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
  }
}
