package org.telemetrics.probes.klog;

import org.telemetrics.log.Log;

/**
 * klogscanner's messages, written by the suite's {@link Log}. Bad records are counted and only the
 * first {@value #BAD_RECORDS_LOGGED} are logged one by one.
 */
final class ScanLog {
  static final int BAD_RECORDS_LOGGED = 20;

  private final Log log;
  private long badRecords;

  ScanLog(Log log) {
    this.log = log;
  }

  void error(String message) {
    log.error(message);
  }

  void warning(String message) {
    log.warning(message);
  }

  void info(String message) {
    log.info(message);
  }

  void badRecord(String source, String reason) {
    badRecords++;
    if (badRecords <= BAD_RECORDS_LOGGED) {
      warning(source + ": skipped a record: " + reason);
    } else if (badRecords % 1000 == 0) {
      warning(source + ": " + badRecords + " records skipped so far as not in the kmsg format");
    }
  }
}
