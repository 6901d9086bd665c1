package org.telemetrics.benchmarks.fleet;

/**
 * The backend the fleet posts to: down (connections refused) during the outage, afterwards
 * answering at most {@code capacityPerSecond} requests in each second and 503 to the rest (a
 * collector shedding load). It counts every request that reaches it, second by second.
 */
final class Backend {
  enum Answer {
    DELIVERED,
    REFUSED,
    OVERLOADED
  }

  private final long outageStartMillis;
  private final long outageEndMillis;
  private final int capacityPerSecond;
  private final int[] arrivals;
  private final int[] accepted;

  Backend(long outageStartMillis, long outageEndMillis, int capacityPerSecond, int horizonSeconds) {
    this.outageStartMillis = outageStartMillis;
    this.outageEndMillis = outageEndMillis;
    this.capacityPerSecond = capacityPerSecond;
    this.arrivals = new int[horizonSeconds];
    this.accepted = new int[horizonSeconds];
  }

  Answer request(long nowMillis) {
    int second = (int) (nowMillis / 1000);
    arrivals[second]++;
    if (nowMillis >= outageStartMillis && nowMillis < outageEndMillis) {
      return Answer.REFUSED;
    }
    if (accepted[second] >= capacityPerSecond) {
      return Answer.OVERLOADED;
    }
    accepted[second]++;
    return Answer.DELIVERED;
  }

  /** Requests that arrived in second {@code second} of the simulation. */
  int arrivals(int second) {
    return arrivals[second];
  }

  int horizonSeconds() {
    return arrivals.length;
  }
}
