package org.telemetrics.probes.klog;

import java.util.Map;

/**
 * One record of {@code /dev/kmsg}: {@code <priority>,<sequence>,<timestamp µs>,<flags>[,...];
 * <message>} and its continuation lines ({@code KEY=value}, e.g. {@code SUBSYSTEM=pci}).
 *
 * @param priority syslog facility × 8 + level (facility 0 is the kernel)
 * @param sequence the kernel's 64-bit record number, one more for each record of this boot
 * @param timestampMicros time since boot (the kernel's monotonic clock)
 * @param flags {@code -}, or {@code c} for a continued line
 * @param message the text, with the kernel's {@code \xNN} escapes as they are
 */
public record KmsgRecord(
    int priority,
    long sequence,
    long timestampMicros,
    String flags,
    String message,
    Map<String, String> properties) {
  public KmsgRecord {
    properties = Map.copyOf(properties);
  }

  public int facility() {
    return priority >> 3;
  }

  public int level() {
    return priority & 7;
  }

  /** Written by the kernel itself, not by a program through {@code /dev/kmsg} or syslog. */
  public boolean fromKernel() {
    return facility() == 0;
  }
}
