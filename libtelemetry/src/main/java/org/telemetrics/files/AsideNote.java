package org.telemetrics.files;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The note telempostd writes beside a file it moves to dead-letter/ or quarantine/ ({@code
 * <name>.reason}), and telemctl requeue and status read. Lines of {@code key: value}; empty fields
 * are left out. See docs/protocol.md.
 *
 * @param recordId the record's id (dead letters), or empty
 * @param source where the file was (quarantine), or empty
 * @param status the backend's status or a cause such as {@code retries-exhausted}, or empty
 * @param reason why, one line
 * @param time when, ISO-8601, or empty
 * @param attempts delivery attempts made, 0 when none or not known
 */
public record AsideNote(
    String recordId, String source, String status, String reason, String time, int attempts) {
  public static final String SUFFIX = ".reason";

  /** Larger notes are not ours (or damaged); they are read as empty. */
  public static final int MAX_BYTES = 4096;

  private static final int MAX_FIELD = 1000;

  public AsideNote {
    recordId = oneLine(recordId);
    source = oneLine(source);
    status = oneLine(status);
    reason = oneLine(reason);
    time = oneLine(time);
    attempts = Math.max(0, attempts);
  }

  public static AsideNote deadLetter(
      String recordId, String status, String reason, String time, int attempts) {
    return new AsideNote(recordId, "", status, reason, time, attempts);
  }

  public static AsideNote quarantined(String source, String reason, String time) {
    return new AsideNote("", source, "", reason, time, 0);
  }

  public byte[] format() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("record_id", recordId);
    fields.put("source", source);
    fields.put("status", status);
    fields.put("reason", reason);
    fields.put("time", time);
    fields.put("attempts", attempts == 0 ? "" : Integer.toString(attempts));
    StringBuilder sb = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            sb.append(k).append(": ").append(v).append('\n');
          }
        });
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a note leniently: unknown lines are skipped, a damaged note gives empty fields. */
  public static AsideNote parse(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return new AsideNote("", "", "", "", "", 0);
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        f.putIfAbsent(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    int attempts;
    try {
      attempts = Integer.parseInt(f.getOrDefault("attempts", "0").strip());
    } catch (NumberFormatException e) {
      attempts = 0;
    }
    return new AsideNote(
        f.getOrDefault("record_id", ""),
        f.getOrDefault("source", ""),
        f.getOrDefault("status", ""),
        f.getOrDefault("reason", ""),
        f.getOrDefault("time", ""),
        attempts);
  }

  /** " (status 400: bad classification)" for a listing, or "" when the note says nothing. */
  public String describe() {
    if (status.isEmpty() && reason.isEmpty()) {
      return "";
    }
    String shown =
        (status.isEmpty() ? "" : "status " + status)
            + (!status.isEmpty() && !reason.isEmpty() ? ": " : "")
            + reason;
    return " (" + shown + ")";
  }

  /** One printable line: control characters (CR, LF, DEL, ...) become spaces, long text is cut. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_FIELD));
    for (int i = 0; i < s.length() && sb.length() < MAX_FIELD; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString().strip();
  }
}
