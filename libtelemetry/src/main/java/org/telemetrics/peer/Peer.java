package org.telemetrics.peer;

/** The process that sent a record, from the socket's peer credentials. */
public record Peer(long pid, long uid, long gid) {
  @Override
  public String toString() {
    return "pid=" + pid + " uid=" + uid + " gid=" + gid;
  }

  /** Reads the form {@link #toString} writes, as the spool file's peer line carries it. */
  public static Peer parse(String text) {
    String[] parts = text.split(" ");
    if (parts.length != 3
        || !parts[0].startsWith("pid=")
        || !parts[1].startsWith("uid=")
        || !parts[2].startsWith("gid=")) {
      throw new IllegalArgumentException("peer is not \"pid=N uid=N gid=N\": " + text);
    }
    return new Peer(
        Long.parseLong(parts[0].substring(4)),
        Long.parseLong(parts[1].substring(4)),
        Long.parseLong(parts[2].substring(4)));
  }
}
