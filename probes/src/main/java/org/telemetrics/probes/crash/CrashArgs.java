package org.telemetrics.probes.crash;

import java.util.List;
import java.util.Optional;
import org.telemetrics.probes.cli.GetOpt;
import org.telemetrics.probes.cli.GetOpt.Arg;
import org.telemetrics.probes.cli.GetOpt.Spec;
import org.telemetrics.probes.cli.ProbeCommandLine;
import org.telemetrics.probes.cli.UsageException;

/**
 * The command line, as the kernel passes it from {@code core_pattern} ({@code -p %e -E %E -s %s -P
 * %P -u %u -g %g -t %t}) plus {@code -c}, {@code -f}, {@code -v}, {@code -V}, {@code -h}. Parsed by
 * hand: the probe starts once per crash and must start fast.
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

  static final String USAGE =
      """
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

  static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "crashprobe",
          List.of(
              new Spec('p', "process-name", Arg.REQUIRED),
              new Spec('E', "process-path", Arg.REQUIRED),
              new Spec('s', "signal", Arg.REQUIRED),
              new Spec('P', "pid", Arg.REQUIRED),
              new Spec('u', "uid", Arg.REQUIRED),
              new Spec('g', "gid", Arg.REQUIRED),
              new Spec('t', "time", Arg.REQUIRED),
              new Spec('c', "core-file", Arg.REQUIRED),
              new Spec('f', "config-file", Arg.REQUIRED),
              new Spec('f', "config_file", Arg.REQUIRED), // the spelling of hprobe and the C probes
              new Spec('v', "verbose", Arg.NONE),
              new Spec('V', "version", Arg.NONE),
              new Spec('h', "help", Arg.NONE)),
          USAGE);

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
    for (GetOpt.Option o : COMMAND_LINE.optionsOnly(COMMAND_LINE.parseAll(args))) {
      String value = o.value().orElse("");
      String option = "crashprobe: option -" + o.letter();
      switch (o.letter()) {
        case 'v' -> verbose = true;
        case 'V' -> version = true;
        case 'h' -> help = true;
        case 'p' -> name = Optional.of(value);
        case 'E' -> path = Optional.of(value);
        case 's' -> signal = Optional.of((int) number(option, value, 0, 255));
        case 'P' -> pid = Optional.of(number(option, value, 0, Long.MAX_VALUE));
        case 'u' -> uid = Optional.of(number(option, value, 0, 0xffff_ffffL));
        case 'g' -> gid = Optional.of(number(option, value, 0, 0xffff_ffffL));
        case 't' -> time = Optional.of(number(option, value, 0, Long.MAX_VALUE));
        case 'c' -> core = Optional.of(value);
        case 'f' -> config = Optional.of(value);
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    if (!help && !version && name.isEmpty()) {
      throw new UsageException("crashprobe: missing required option -p (--process-name)");
    }
    return new CrashArgs(
        name, path, signal, pid, uid, gid, time, core, config, verbose, version, help);
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
    return processPath.isPresent() ? processPath.get().replace('!', '/') : processName.orElse("");
  }
}
