package org.telemetrics.probes.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A crash systemd-coredump logged: its journal entry ({@code MESSAGE_ID} {@value #MESSAGE_ID}) with
 * the {@code COREDUMP_*} fields, which give what the kernel passes crashprobe through {@code
 * core_pattern}.
 */
record CoredumpEntry(
    String cursor,
    long realtimeMicros,
    String exe,
    String comm,
    long pid,
    Optional<Long> uid,
    Optional<Long> gid,
    Optional<Integer> signal,
    Optional<Long> timeMicros) {
  static final String MESSAGE_ID = "fc2e22bc6ee647b6b90729ab34a250b1";

  /** The entry, or empty when it is not a complete coredump entry. */
  static Optional<CoredumpEntry> of(Map<String, String> f) {
    String cursor = f.get("__CURSOR");
    String pid = f.get("COREDUMP_PID");
    String exe = f.getOrDefault("COREDUMP_EXE", "");
    if (!MESSAGE_ID.equals(f.get("MESSAGE_ID"))
        || cursor == null
        || cursor.isEmpty()
        || pid == null
        || !pid.matches("[0-9]{1,10}")
        || !exe.startsWith("/")
        || !f.getOrDefault("__REALTIME_TIMESTAMP", "").matches("[0-9]{1,18}")) { // in a long
      return Optional.empty();
    }
    String comm = f.getOrDefault("COREDUMP_COMM", "");
    return Optional.of(
        new CoredumpEntry(
            cursor,
            Long.parseLong(f.get("__REALTIME_TIMESTAMP")),
            exe,
            comm.isEmpty() ? exe.substring(exe.lastIndexOf('/') + 1) : comm,
            Long.parseLong(pid),
            number(f, "COREDUMP_UID"),
            number(f, "COREDUMP_GID"),
            number(f, "COREDUMP_SIGNAL").map(Long::intValue),
            number(f, "COREDUMP_TIMESTAMP")));
  }

  private static Optional<Long> number(Map<String, String> f, String key) {
    String v = f.get(key);
    return v != null && v.matches("[0-9]{1,18}")
        ? Optional.of(Long.parseLong(v))
        : Optional.empty();
  }

  /** crashprobe's arguments for this crash, as core_pattern would have given them. */
  List<String> crashprobeArgs() {
    List<String> a =
        new ArrayList<>(List.of("-p", comm, "-E", exe.replace('/', '!'), "-P", Long.toString(pid)));
    signal.ifPresent(s -> a.addAll(List.of("-s", Integer.toString(s))));
    uid.ifPresent(u -> a.addAll(List.of("-u", Long.toString(u))));
    gid.ifPresent(g -> a.addAll(List.of("-g", Long.toString(g))));
    timeMicros.ifPresent(t -> a.addAll(List.of("-t", Long.toString(t / 1_000_000))));
    return a;
  }

  /** coredumpctl matches that select exactly this dump. */
  List<String> coredumpctlMatches() {
    List<String> m = new ArrayList<>(List.of("MESSAGE_ID=" + MESSAGE_ID, "COREDUMP_PID=" + pid));
    timeMicros.ifPresent(t -> m.add("COREDUMP_TIMESTAMP=" + t));
    return m;
  }
}
