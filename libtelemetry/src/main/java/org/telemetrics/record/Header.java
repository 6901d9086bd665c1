package org.telemetrics.record;

/**
 * The 15 headers of a record-format-version-4 record, in wire order.
 *
 * <p>The order is part of the protocol: the C telemprobd and ours check headers by position.
 */
public enum Header {
  RECORD_FORMAT_VERSION("record_format_version", "Record-Format-Version"),
  CLASSIFICATION("classification", "Classification"),
  SEVERITY("severity", "Severity"),
  MACHINE_ID("machine_id", "Machine-Id"),
  CREATION_TIMESTAMP("creation_timestamp", "Creation-Timestamp"),
  ARCH("arch", "Arch"),
  HOST_TYPE("host_type", "Host-Type"),
  BUILD("build", "Build"),
  KERNEL_VERSION("kernel_version", "Kernel-Version"),
  PAYLOAD_FORMAT_VERSION("payload_format_version", "Payload-Format-Version"),
  SYSTEM_NAME("system_name", "System-Name"),
  BOARD_NAME("board_name", "Board-Name"),
  CPU_MODEL("cpu_model", "Cpu-Model"),
  BIOS_VERSION("bios_version", "Bios-Version"),
  EVENT_ID("event_id", "Event-Id");

  /** Number of headers in a version 4 record. */
  public static final int COUNT = 15;

  private final String wireName;
  private final String httpName;

  Header(String wireName, String httpName) {
    this.wireName = wireName;
    this.httpName = httpName;
  }

  /** The name used in the socket frame, staged files and the JSON body, e.g. {@code machine_id}. */
  public String wireName() {
    return wireName;
  }

  /** The HTTP header name the telemetrics-backend collector expects, e.g. {@code Machine-Id}. */
  public String httpName() {
    return httpName;
  }
}
