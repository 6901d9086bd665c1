package org.telemetrics.probd;

import java.io.IOException;
import java.util.function.Supplier;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;

/**
 * What the daemon wires together at start, once it listens: the counters, the staging area (its
 * {@code tmp/} recovered), the machine id (created or rotated now, as C does at start), the status
 * file, the connection handler and slots, and the host snapshot.
 */
record ProbdServices(
    ProbdCounters counters,
    StagingArea staging,
    ProbdStatusWriter statusWriter,
    ConnectionHandler handler,
    ConnectionSlots slots) {

  /**
   * Prepares them under the settings at start; throws when the spool directory cannot be prepared.
   * {@code newIds} makes the random ids (record and machine ids).
   */
  static ProbdServices start(ProbdSettings s, TimeSource time, Supplier<String> newIds, Log log)
      throws IOException {
    ProbdCounters counters = new ProbdCounters();
    counters.knowLabels(s.labels());
    StagingArea staging = new StagingArea(s.layout(), time, log, counters::stagingCommitted);
    staging.prepare();
    MachineIdSource machineIds =
        new MachineIdSource(
            s.layout().staticMachineIdFile(),
            s.layout().machineIdFile(),
            s.layout().root().resolve("etc/machine-id"),
            time.wall(),
            time.monotonic(),
            newIds,
            log);
    machineIds.current();
    ProbdStatusWriter statusWriter = new ProbdStatusWriter(s.statusFile(), counters, log, time);
    ConnectionHandler handler =
        new ConnectionHandler(log, time, newIds, machineIds, staging, counters);
    ConnectionSlots slots = new ConnectionSlots(s.maxConnections(), time.monotonic());
    HostSnapshotWriter.start(s.layout().hostInfoFile(), log);
    return new ProbdServices(counters, staging, statusWriter, handler, slots);
  }
}
