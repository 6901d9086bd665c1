package org.telemetrics.probes.klog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.telemetrics.client.SendResult;

/** Keeps what klogscanner sends; can be opted out and made to fail. */
final class RecordingSender implements ReportSender {
  record Sent(String classification, int severity, String payload) {}

  final List<Sent> sent = new ArrayList<>();
  final Deque<SendResult> failures = new ArrayDeque<>();
  boolean optedIn = true;

  /** Kernel log µs since when opted in. */
  long optedInSince = Long.MIN_VALUE;

  @Override
  public OptionalLong optedInSinceKernelMicros() {
    return optedIn ? OptionalLong.of(optedInSince) : OptionalLong.empty();
  }

  @Override
  public SendResult send(String classification, int severity, String payload) {
    if (!failures.isEmpty()) {
      return failures.poll();
    }
    sent.add(new Sent(classification, severity, payload));
    return new SendResult.Accepted("r" + sent.size());
  }

  List<String> classifications() {
    return sent.stream().map(Sent::classification).toList();
  }
}
