package org.telemetrics.postd.usage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.telemetrics.usage.UsageEvent;

/** Binds an event to the insert of a {@code usage} row, in the schema's column order. */
final class UsageRowBinder {
  private UsageRowBinder() {}

  static void bind(PreparedStatement p, UsageEvent e) throws SQLException {
    p.setLong(1, e.settled());
    p.setLong(2, e.started());
    p.setDouble(3, e.totalTime());
    if (e.waitingTime() == null) {
      p.setNull(4, Types.REAL);
    } else {
      p.setDouble(4, e.waitingTime());
    }
    p.setLong(5, e.totalBytes());
    p.setString(6, e.outcome().label());
    if (e.reason() == null) {
      p.setNull(7, Types.VARCHAR);
    } else {
      p.setString(7, e.reason());
    }
    p.setInt(8, e.attempts());
    p.setString(9, e.classification());
    p.setInt(10, e.severity());
  }
}
