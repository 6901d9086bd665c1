package org.telemetrics.probes.crash.dwarf;

import org.telemetrics.probes.crash.elf.Cursor;
import org.telemetrics.probes.crash.elf.ElfFormatException;

/** The DW_EH_PE pointer encodings of {@code .eh_frame}, {@code .eh_frame_hdr} and CFA programs. */
final class PointerEncoding {
  private PointerEncoding() {}

  /**
   * Reads a DW_EH_PE-encoded pointer; {@code pcrelBase} is the address of the cursor's window, so a
   * pc-relative value is relative to the field's own address.
   */
  static long read(Cursor c, int enc, long pcrelBase, long dataBase) {
    if (enc == 0xff) {
      return 0;
    }
    long fieldAddr = pcrelBase + c.position();
    long v =
        switch (enc & 0x0f) {
          case 0x00, 0x04 -> c.u64();
          case 0x01 -> c.uleb();
          case 0x02 -> c.u16();
          case 0x03 -> c.u32();
          case 0x09 -> c.sleb();
          case 0x0a -> (short) c.u16();
          case 0x0b -> c.s32();
          case 0x0c -> c.u64();
          default ->
              throw new ElfFormatException(
                  "unknown pointer encoding 0x" + Integer.toHexString(enc));
        };
    return switch (enc & 0x70) {
      case 0x00 -> v;
      case 0x10 -> v + fieldAddr;
      case 0x30 -> v + dataBase;
      default ->
          throw new ElfFormatException(
              "unsupported pointer application 0x" + Integer.toHexString(enc));
    };
  }
}
