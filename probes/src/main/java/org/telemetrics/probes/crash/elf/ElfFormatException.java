package org.telemetrics.probes.crash.elf;

/** Bytes that are not the ELF, DWARF or core structure they claim to be. */
public final class ElfFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ElfFormatException(String message) {
    super(message);
  }
}
