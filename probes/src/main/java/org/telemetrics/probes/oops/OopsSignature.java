package org.telemetrics.probes.oops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What makes two reports "the same oops" for flood control: the classification, the start line with
 * its numbers masked (CPU, PID, addresses, offsets and line numbers differ between repeats of one
 * bug) and the top {@value #FRAMES} stack frames. A short hex digest.
 */
public final class OopsSignature {
  static final int FRAMES = 5;

  private OopsSignature() {}

  public static String of(Oops oops) {
    StringBuilder key =
        new StringBuilder(oops.pattern().classification())
            .append('\n')
            .append(masked(oops.reason()));
    for (String f : topFrames(oops.lines())) {
      key.append('\n').append(f);
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(key.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs of hex digits (and x) that hold a decimal digit become '#'. */
  static String masked(String reason) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < reason.length()) {
      int j = i;
      boolean digit = false;
      while (j < reason.length() && isHexOrX(reason.charAt(j))) {
        digit |= Character.isDigit(reason.charAt(j)) && reason.charAt(j) < 128;
        j++;
      }
      if (j == i) {
        sb.append(reason.charAt(i++));
      } else {
        sb.append(digit ? "#" : reason.substring(i, j));
        i = j;
      }
    }
    return sb.toString();
  }

  private static boolean isHexOrX(char c) {
    char l = CText.lower(c);
    return (c >= '0' && c <= '9') || (l >= 'a' && l <= 'f') || l == 'x';
  }

  private static List<String> topFrames(List<String> lines) {
    int first = lines.size();
    while (first > 1 && lines.get(first - 1).startsWith(" ")) {
      first--;
    }
    List<String> out = new ArrayList<>();
    for (int i = first; i < lines.size() && out.size() < FRAMES; i++) {
      String f = StackFrames.function(lines.get(i));
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }
}
