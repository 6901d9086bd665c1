/**
 * The probe library: what a probe needs to build and send a record, and what the daemons and
 * telemctl share (the file formats, the configuration, the status and usage files). Only the kernel
 * random source stays inside. The suite's own programs run on the class path (see the launchers);
 * this module documents the boundary and enforces it for modular users.
 */
module org.telemetrics.libtelemetry {
  // the probe API
  exports org.telemetrics;
  exports org.telemetrics.client;
  exports org.telemetrics.exceptions;
  exports org.telemetrics.host;
  exports org.telemetrics.record;
  // what the daemons, telemctl and the collector share
  exports org.telemetrics.config;
  exports org.telemetrics.configfile;
  exports org.telemetrics.files;
  exports org.telemetrics.frame;
  exports org.telemetrics.http;
  exports org.telemetrics.journal;
  exports org.telemetrics.log;
  exports org.telemetrics.peer;
  exports org.telemetrics.protobuf;
  exports org.telemetrics.spool;
  exports org.telemetrics.spool.disk;
  exports org.telemetrics.status;
  exports org.telemetrics.usage;
}
