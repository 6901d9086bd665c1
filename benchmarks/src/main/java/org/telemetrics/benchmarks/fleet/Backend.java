package org.telemetrics.benchmarks.fleet;

/**
 * The backend the fleet posts to: down (connections refused) during the outage, afterwards
 * answering at most {@code capacityPerSecond} requests in each second and shedding the rest (429
 * with Retry-After, or 503, as the scenario says). It counts, second by second, the requests that
 * reach it, those it answers 2xx and the records they carry.
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
  private final int[] records;

  /**
   * @param capacityPerSecond requests answered 2xx per second, {@link Integer#MAX_VALUE} for all
   */
  Backend(long outageStartMillis, long outageEndMillis, int capacityPerSecond, int horizonSeconds) {
    this.outageStartMillis = outageStartMillis;
    this.outageEndMillis = outageEndMillis;
    this.capacityPerSecond = capacityPerSecond;
    this.arrivals = new int[horizonSeconds];
    this.accepted = new int[horizonSeconds];
    this.records = new int[horizonSeconds];
  }

  /** A request of {@code recordCount} records arrives at {@code nowMillis}. */
  Answer request(long nowMillis, int recordCount) {
    int second = (int) (nowMillis / 1000);
    arrivals[second]++;
    if (nowMillis >= outageStartMillis && nowMillis < outageEndMillis) {
      return Answer.REFUSED;
    }
    if (accepted[second] >= capacityPerSecond) {
      return Answer.OVERLOADED;
    }
    accepted[second]++;
    records[second] += recordCount;
    return Answer.DELIVERED;
  }

  /** Requests that arrived in second {@code second}, answered or not. */
  int arrivals(int second) {
    return arrivals[second];
  }

  /** Requests answered 2xx in second {@code second}. */
  int accepted(int second) {
    return accepted[second];
  }

  /** Records delivered in second {@code second}. */
  int records(int second) {
    return records[second];
  }

  int horizonSeconds() {
    return arrivals.length;
  }
}
