package org.telemetrics.exceptions;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.telemetrics.record.RecordRules;

/**
 * The payload of an uncaught exception: its type, its stack frames (innermost first, as Java prints
 * them), then each cause the same way. Messages only when asked for. Bounded whatever the
 * exception: at most {@value #MAX_FRAMES} frames per exception, {@value #MAX_CAUSES} causes (a
 * cycle ends the chain), {@value #MAX_MESSAGE_CHARS} characters per message, and the whole cut at a
 * line end to the record limit. Control characters become {@code ?}.
 *
 * <pre>
 * Exception : java.lang.IllegalStateException
 * Message : ...                               only with messages on
 * Java Version : 17.0.9
 * Backtrace :
 * #1 com.example.Store.load(Store.java:42)
 * #2 com.example.Main.main(Main.java:7)
 * Caused by : java.io.IOException
 * #1 ...
 * </pre>
 */
final class ExceptionPayload {
  static final int MAX_FRAMES = 64;
  static final int MAX_CAUSES = 8;
  static final int MAX_MESSAGE_CHARS = 512;
  static final int MAX_BYTES = RecordRules.MAX_PAYLOAD_BYTES;

  private final boolean includeMessages;
  private final String javaVersion;

  ExceptionPayload(boolean includeMessages, String javaVersion) {
    this.includeMessages = includeMessages;
    this.javaVersion = javaVersion;
  }

  String format(Throwable e) {
    StringBuilder sb = new StringBuilder();
    sb.append("Exception : ").append(clean(e.getClass().getName())).append('\n');
    appendMessage(sb, e);
    sb.append("Java Version : ").append(clean(javaVersion)).append('\n');
    sb.append("Backtrace :\n");
    appendFrames(sb, e);
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(e);
    Throwable cause = causeOf(e);
    for (int n = 0; cause != null && n < MAX_CAUSES && seen.add(cause); n++) {
      sb.append("Caused by : ").append(clean(cause.getClass().getName())).append('\n');
      appendMessage(sb, cause);
      appendFrames(sb, cause);
      cause = causeOf(cause);
    }
    return cutToLimit(sb.toString());
  }

  private void appendMessage(StringBuilder sb, Throwable e) {
    if (!includeMessages) {
      return;
    }
    String message;
    try {
      message = e.getMessage();
    } catch (RuntimeException | LinkageError ignored) {
      message = "(getMessage failed)";
    }
    if (message != null) {
      String cut =
          message.length() > MAX_MESSAGE_CHARS
              ? message.substring(0, MAX_MESSAGE_CHARS) + "..."
              : message;
      sb.append("Message : ").append(clean(cut.replace('\n', ' '))).append('\n');
    }
  }

  private static void appendFrames(StringBuilder sb, Throwable e) {
    StackTraceElement[] frames;
    try {
      frames = e.getStackTrace();
    } catch (RuntimeException | LinkageError ignored) {
      return; // an overridden getStackTrace: the type alone is still worth reporting
    }
    int shown = Math.min(frames.length, MAX_FRAMES);
    for (int i = 0; i < shown; i++) {
      sb.append('#').append(i + 1).append(' ').append(frame(frames[i])).append('\n');
    }
    if (frames.length > shown) {
      sb.append("... ").append(frames.length - shown).append(" more frames\n");
    }
  }

  /** Class, method and source line; no module versions or class loader names. */
  private static String frame(StackTraceElement f) {
    String where;
    if (f.isNativeMethod()) {
      where = "Native Method";
    } else if (f.getFileName() == null) {
      where = "Unknown Source";
    } else if (f.getLineNumber() >= 0) {
      where = f.getFileName() + ":" + f.getLineNumber();
    } else {
      where = f.getFileName();
    }
    return clean(f.getClassName() + "." + f.getMethodName() + "(" + where + ")");
  }

  private static Throwable causeOf(Throwable e) {
    try {
      return e.getCause();
    } catch (RuntimeException | LinkageError ignored) {
      return null;
    }
  }

  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
      boolean loneSurrogate = Character.isSurrogate(c) && !pairedAt(s, i);
      sb.append(control || loneSurrogate ? '?' : c);
    }
    return sb.toString();
  }

  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** At most the record limit, cut after the last whole line that fits. */
  private static String cutToLimit(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_BYTES) {
      return text;
    }
    String marker = "... cut to " + MAX_BYTES + " bytes\n";
    int room = MAX_BYTES - marker.length();
    String head =
        new String(utf8, 0, RecordRules.utf8PrefixLength(utf8, room), StandardCharsets.UTF_8);
    int lineEnd = head.lastIndexOf('\n');
    return head.substring(0, lineEnd + 1) + marker;
  }
}
