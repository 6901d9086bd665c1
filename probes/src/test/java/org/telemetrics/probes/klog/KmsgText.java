package org.telemetrics.probes.klog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.probes.oops.KernelLines;

/** Kernel logs as {@code dmesg -r} prints them, rewritten as /dev/kmsg records. */
final class KmsgText {
  private KmsgText() {}

  /** One record per line, numbered from {@code firstSeq}, level and timestamp kept. */
  static List<String> records(long firstSeq, String kernelLog) {
    List<String> out = new ArrayList<>();
    long seq = firstSeq;
    for (String line : kernelLog.split("\n")) {
      int priority = 4;
      if (line.startsWith("<") && line.indexOf('>') > 0) {
        priority = Integer.parseInt(line.substring(1, line.indexOf('>')));
      }
      long micros = seq * 1000;
      int open = line.indexOf('[');
      int close = line.indexOf(']');
      if (open >= 0 && open <= 5 && close > open) {
        try {
          micros = Math.round(Double.parseDouble(line.substring(open + 1, close).trim()) * 1e6);
        } catch (NumberFormatException e) {
          // no timestamp: keep the made-up one
        }
      }
      out.add(priority + "," + seq + "," + micros + ",-;" + KernelLines.normalize(line) + "\n");
      seq++;
    }
    return out;
  }

  /** Kernel-facility records numbered from {@code firstSeq}, timestamped seq × 1 ms. */
  static List<String> untimed(long firstSeq, String kernelLog) {
    List<String> out = new ArrayList<>();
    long seq = firstSeq;
    for (String line : kernelLog.split("\n")) {
      out.add(record(seq++, KernelLines.normalize(line)));
    }
    return out;
  }

  static String resource(String name) {
    try (var in = KmsgText.class.getResourceAsStream("/oops/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A kernel message record. */
  static String record(long seq, String message) {
    return "6," + seq + "," + (seq * 1000) + ",-;" + message + "\n";
  }
}
