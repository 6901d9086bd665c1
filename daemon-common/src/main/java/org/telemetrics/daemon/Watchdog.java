package org.telemetrics.daemon;

import java.util.Map;

/**
 * systemd's service watchdog: with {@code WatchdogSec=} in the unit, systemd passes {@code
 * WATCHDOG_USEC} (and {@code WATCHDOG_PID}) and kills the service when no {@code WATCHDOG=1}
 * arrives within that time. The daemon calls {@link #poll} from the loop whose progress proves it
 * is alive; a ping goes out when half the interval has passed, as sd_watchdog_enabled(3) advises.
 */
public final class Watchdog {
  private final SdNotify notify;
  private final Ticker ticker;
  private final long periodNanos;
  private long lastPingNanos;
  private boolean pinged;

  Watchdog(SdNotify notify, Ticker ticker, long intervalMicros) {
    this.notify = notify;
    this.ticker = ticker;
    this.periodNanos = intervalMicros <= 0 ? 0 : intervalMicros * 1000 / 2;
  }

  /**
   * The watchdog systemd asked for in {@code env}, or a disabled one: no or a bad {@code
   * WATCHDOG_USEC}, a {@code WATCHDOG_PID} of another process, or no notify socket.
   */
  public static Watchdog from(Map<String, String> env, long pid, SdNotify notify, Ticker ticker) {
    String usec = env.get("WATCHDOG_USEC");
    String forPid = env.get("WATCHDOG_PID");
    long micros;
    try {
      micros = usec == null ? 0 : Long.parseLong(usec.strip());
      if (forPid != null && Long.parseLong(forPid.strip()) != pid) {
        micros = 0;
      }
    } catch (NumberFormatException e) {
      micros = 0;
    }
    return new Watchdog(notify, ticker, notify.enabled() ? micros : 0);
  }

  public static Watchdog fromEnvironment(SdNotify notify, Ticker ticker) {
    return from(System.getenv(), ProcessHandle.current().pid(), notify, ticker);
  }

  public boolean enabled() {
    return periodNanos > 0;
  }

  /** How often {@link #poll} must at least be called: half the interval; 0 when disabled. */
  public long periodMillis() {
    return periodNanos / 1_000_000;
  }

  /**
   * Pings systemd when half the interval has passed since the last ping; cheap otherwise. Returns
   * whether a ping was due.
   */
  public synchronized boolean poll() {
    if (!enabled()) {
      return false;
    }
    long now = ticker.nanos();
    if (pinged && now - lastPingNanos < periodNanos) {
      return false;
    }
    notify.watchdog();
    pinged = true;
    lastPingNanos = now;
    return true;
  }
}
