package org.telemetrics.probes.crash;

import java.util.List;
import java.util.Optional;

/**
 * The command line, as the kernel passes it from {@code core_pattern}
 * ({@code -p %e -E %E -s %s -P %P -u %u -g %g -t %t}) plus {@code -c}, {@code -f}, {@code -v},
 * {@code -V}, {@code -h}. Parsed by hand: the probe starts once per crash and must start fast.
 */
record CrashArgs(
    Optional<String> processName,
    Optional<String> processPath,
    Optional<Integer> signal,
    Optional<Long> pid,
    Optional<Long> uid,
    Optional<Long> gid,
    Optional<Long> time,
    Optional<String> coreFile,
    Optional<String> configFile,
    boolean verbose,
    boolean version,
    boolean help) {

  static final String USAGE = """
      Usage: crashprobe -p NAME [options] < core
        -p, --process-name NAME   name of the crashed executable (core_pattern %e); required
        -E, --process-path PATH   its path with '!' for '/' (core_pattern %E)
        -s, --signal N            the signal number (core_pattern %s)
        -P, --pid N               its process id in the initial namespace (core_pattern %P)
        -u, --uid N               its real user id (core_pattern %u)
        -g, --gid N               its real group id (core_pattern %g)
        -t, --time N              time of the dump in seconds since the epoch (core_pattern %t)
        -c, --core-file PATH      read the core from PATH instead of standard input
        -f, --config-file PATH    use this configuration file
        -v, --verbose             also print the payload to standard output
        -V, --version             print the version and exit
        -h, --help                print this help and exit
      """;

  /** Bad command line; the message is for the user. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static CrashArgs parse(List<String> args) throws UsageException {
    Optional<String> name = Optional.empty();
    Optional<String> path = Optional.empty();
    Optional<Integer> signal = Optional.empty();
    Optional<Long> pid = Optional.empty();
    Optional<Long> uid = Optional.empty();
    Optional<Long> gid = Optional.empty();
    Optional<Long> time = Optional.empty();
    Optional<String> core = Optional.empty();
    Optional<String> config = Optional.empty();
    boolean verbose = false;
    boolean version = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-v", "--verbose" -> verbose = true;
        case "-V", "--version" -> version = true;
        case "-h", "--help" -> help = true;
        case "-p", "--process-name", "-E", "--process-path", "-s", "--signal", "-P", "--pid",
            "-u", "--uid", "-g", "--gid", "-t", "--time", "-c", "--core-file", "-f",
            "--config-file", "--config_file" -> {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new UsageException("option " + arg + " needs a value");
            }
            value = args.get(++i);
          }
          switch (arg) {
            case "-p", "--process-name" -> name = Optional.of(value);
            case "-E", "--process-path" -> path = Optional.of(value);
            case "-s", "--signal" -> signal = Optional.of((int) number(arg, value, 0, 255));
            case "-P", "--pid" -> pid = Optional.of(number(arg, value, 0, Long.MAX_VALUE));
            case "-u", "--uid" -> uid = Optional.of(number(arg, value, 0, 0xffff_ffffL));
            case "-g", "--gid" -> gid = Optional.of(number(arg, value, 0, 0xffff_ffffL));
            case "-t", "--time" -> time = Optional.of(number(arg, value, 0, Long.MAX_VALUE));
            case "-c", "--core-file" -> core = Optional.of(value);
            default -> config = Optional.of(value);
          }
        }
        default -> throw new UsageException("unknown option " + arg + ". See --help output");
      }
    }
    if (!help && !version && name.isEmpty()) {
      throw new UsageException("Missing required -p option. See --help output");
    }
    return new CrashArgs(name, path, signal, pid, uid, gid, time, core, config, verbose,
        version, help);
  }

  private static long number(String option, String value, long min, long max)
      throws UsageException {
    try {
      long v = Long.parseLong(value);
      if (v < min || v > max) {
        throw new UsageException(option + ": " + value + " is out of range");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": \"" + value + "\" is not a whole number");
    }
  }

  /** The executable's path (from -E, '!' meaning '/'), else its name. */
  String process() {
    return processPath.map(p -> p.replace('!', '/')).orElse(processName.orElse(""));
  }
}
