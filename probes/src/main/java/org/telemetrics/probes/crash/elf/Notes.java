package org.telemetrics.probes.crash.elf;

import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/** ELF note records: name, type and descriptor, each padded to 4 bytes. */
public final class Notes {
  public static final int NT_GNU_BUILD_ID = 3;

  /** One note; {@code desc} is a cursor over its descriptor. */
  public record Note(String name, long type, Cursor desc) {}

  private Notes() {}

  public static void forEach(Cursor c, Consumer<Note> action) {
    while (c.remaining() >= 12) {
      long namesz = c.u32();
      long descsz = c.u32();
      long type = c.u32();
      Cursor nameBytes = c.slice(namesz);
      c.skip(pad(namesz));
      Cursor desc = c.slice(descsz);
      c.skip(Math.min(pad(descsz), c.remaining()));
      String name = namesz == 0 ? "" : nameBytes.cstring();
      action.accept(new Note(name, type, desc));
    }
  }

  public static Optional<String> buildId(Cursor c) {
    String[] found = {null};
    try {
      forEach(
          c,
          n -> {
            if (found[0] == null
                && n.type() == NT_GNU_BUILD_ID
                && n.name().equals("GNU")
                && n.desc().remaining() > 0
                && n.desc().remaining() <= 64) {
              found[0] = HexFormat.of().formatHex(n.desc().bytes(n.desc().remaining()));
            }
          });
    } catch (ElfFormatException e) {
      // a damaged note area simply has no build id
    }
    return Optional.ofNullable(found[0]);
  }

  private static long pad(long n) {
    return (4 - (n & 3)) & 3;
  }
}
