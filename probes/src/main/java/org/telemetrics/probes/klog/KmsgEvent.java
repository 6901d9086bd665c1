package org.telemetrics.probes.klog;

/** What reading the kernel log gives next. */
public sealed interface KmsgEvent {
  /** A record. */
  record Record(KmsgRecord record) implements KmsgEvent {}

  /** A record that could not be parsed, and why. */
  record Malformed(String reason) implements KmsgEvent {}

  /**
   * The ring buffer overwrote records before they were read ({@code EPIPE} from {@code /dev/kmsg});
   * the next record says how many from its sequence number.
   */
  record Overwritten() implements KmsgEvent {}
}
