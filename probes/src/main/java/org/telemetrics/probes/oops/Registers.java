package org.telemetrics.probes.oops;

import java.util.List;

/**
 * Register values named on an oops line, in the forms the kernel prints: {@code RSP:
 * 0018:ffff8800543e3d18 EFLAGS: 00010292}, {@code RAX: 0000000000000002 RBX: ffffffff81c1a080},
 * {@code FS: 00007f5e7cab1700(0000)}, {@code RSP <ffff9900628f3e40>}. The scan stops at the first
 * word that is not a register name, exactly where the C parser stops, so the same registers are
 * reported (for example only {@code FS} of an {@code FS: GS: knlGS:} line, and no {@code RIP} of a
 * {@code RIP: 0010:[<...>]} line).
 */
final class Registers {
  /** A register and its value. */
  record Value(String name, long value) {}

  static final List<String> NAMES =
      List.of(
          "RIP", "RSP", "CR0", "CR2", "CR3", "CR4", "DR0", "DR1", "DR2", "DR3", "DR6", "DR7",
          "EFLAGS", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R08", "R09", "R10", "R11",
          "R12", "R13", "R14", "R15", "FS", "GS", "knlGS", "CS", "ES");

  private Registers() {}

  /** Adds the registers of {@code line} to {@code out}, left to right. */
  static void scan(String line, List<Value> out) {
    int i = 0;
    while (i < line.length()) {
      while (i < line.length() && CText.isSpace(line.charAt(i))) {
        i++;
      }
      String name = nameAt(line, i);
      if (name == null) {
        return;
      }
      i += name.length();
      if (CText.at(line, i) == ':') {
        i++;
      }
      if (CText.isSpace(CText.at(line, i))) {
        i++;
      }
      if (i >= line.length()) {
        return;
      }
      HexNumber n = HexNumber.parse(line, i);
      if (CText.at(line, n.end()) == ':') {
        n = HexNumber.parse(line, n.end() + 1);
      }
      long value = n.value();
      i = n.end();
      char c = CText.at(line, i);
      if (c == '(') {
        i = line.indexOf(')', i);
        if (i < 0) {
          return;
        }
        // the scan goes on at ')', which is no register name: the C parser's stop, kept
      } else if (c == '<') {
        HexNumber inner = HexNumber.parse(line, i + 1);
        i = inner.end();
        value = inner.value();
        if (CText.at(line, i) != '>') {
          continue;
        }
        i++;
      } else if (c == '[' && CText.at(line, i + 1) == '<') {
        continue; // "IP: [<addr>] function": not taken, as in the C parser
      } else if (line.startsWith("is at", i)) {
        int plus = line.indexOf('+', i); // "EIP is at iret_exc+0x7d0/0xa59": the offset
        if (plus >= 0) {
          value = HexNumber.parse(line, plus).value();
        }
        i = line.length();
      } else if (c != '\0' && !CText.isSpace(c)) {
        continue;
      }
      out.add(new Value(name, value));
    }
  }

  private static String nameAt(String line, int i) {
    for (String n : NAMES) {
      if (CText.regionIgnoreCase(line, i, n)) {
        return n;
      }
    }
    return null;
  }
}
