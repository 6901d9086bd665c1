package org.telemetrics.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The bounded vocabulary of the {@code classification} label ({@code metrics_classifications}): a
 * record's label is the first allow-list glob its classification matches, else {@value #OTHER}. So
 * however many classifications pass, there are at most (globs + 1) series, and no label holds
 * anything a probe chose freely. In a glob, {@code *} stands for any characters (also {@code /})
 * and {@code ?} for one.
 *
 * <p>Counts persist under {@code <counter>_class_<key>} where the key is {@value #OTHER} or a
 * checksum of the glob, so a total stays with its glob when the list is reordered or extended.
 */
public final class ClassificationLabels {
  public static final String OTHER = "other";

  /** More globs would defeat the point of bounding the label. */
  public static final int MAX_GLOBS = 32;

  private final List<String> globs;

  private ClassificationLabels(List<String> globs) {
    this.globs = List.copyOf(globs);
  }

  /**
   * The globs of a {@code metrics_classifications} value, separated by spaces or commas; an {@link
   * IllegalArgumentException} says what is wrong with a bad one.
   */
  public static ClassificationLabels parse(String value) {
    List<String> globs = new ArrayList<>();
    for (String glob : value.strip().split("[\\s,]+")) {
      if (glob.isEmpty()) {
        continue;
      }
      checkGlob(glob);
      if (!globs.contains(glob)) {
        globs.add(glob);
      }
    }
    if (globs.size() > MAX_GLOBS) {
      throw new IllegalArgumentException(
          globs.size() + " classification globs; at most " + MAX_GLOBS + " keep labels bounded");
    }
    return new ClassificationLabels(globs);
  }

  private static void checkGlob(String glob) {
    if (glob.length() > 122) {
      throw new IllegalArgumentException("classification glob longer than 122 characters");
    }
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            "classification glob has a character that is not visible ASCII at " + (i + 1));
      }
    }
  }

  public List<String> globs() {
    return globs;
  }

  /** Every label value there can be: the globs, then {@value #OTHER}. */
  public List<String> labels() {
    List<String> labels = new ArrayList<>(globs);
    labels.add(OTHER);
    return labels;
  }

  /** The label of {@code classification}: the first glob it matches, or {@value #OTHER}. */
  public String labelOf(String classification) {
    for (String glob : globs) {
      if (matches(glob, classification)) {
        return glob;
      }
    }
    return OTHER;
  }

  /** The persisted key part of a label: {@value #OTHER}, or 8 hex digits of the glob's CRC-32. */
  public static String keyOf(String label) {
    if (label.equals(OTHER)) {
      return OTHER;
    }
    CRC32 crc = new CRC32();
    crc.update(label.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /** The status key (without {@code _total}) of {@code counter} for {@code label}. */
  public static String statusKey(String counter, String label) {
    return counter + "_class_" + keyOf(label);
  }

  /** Glob match in O(glob × text) steps: the last {@code *} is where matching resumes. */
  static boolean matches(String glob, String text) {
    int g = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
        g++;
        t++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        resume = t;
      } else if (star >= 0) {
        g = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
