package org.telemetrics.record;

/** The host metadata every record carries; constant for one boot of one machine. */
public record HostInfo(
    String arch,
    String hostType,
    String build,
    String kernelVersion,
    String systemName,
    String boardName,
    String cpuModel,
    String biosVersion) {

  public HostInfo {
    RecordRules.checkHeaderValue(Header.ARCH, arch);
    RecordRules.checkHeaderValue(Header.HOST_TYPE, hostType);
    RecordRules.checkHeaderValue(Header.BUILD, build);
    RecordRules.checkHeaderValue(Header.KERNEL_VERSION, kernelVersion);
    RecordRules.checkHeaderValue(Header.SYSTEM_NAME, systemName);
    RecordRules.checkHeaderValue(Header.BOARD_NAME, boardName);
    RecordRules.checkHeaderValue(Header.CPU_MODEL, cpuModel);
    RecordRules.checkHeaderValue(Header.BIOS_VERSION, biosVersion);
  }
}
