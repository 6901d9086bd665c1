package org.telemetrics.probes.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.telemetrics.Version;

/**
 * The command line of a probe, which takes options only: parsed, operands refused, usage errors
 * reported the suite's way, and {@code -h}/{@code -V} answered. Each probe still walks its options
 * in order, so an invalid option value before {@code --help} remains a usage error.
 */
public final class ProbeCommandLine {
  private final String program;
  private final GetOpt options;
  private final String help;

  /** {@code specs} should include {@code h}/{@code help} and {@code V}/{@code version}. */
  public ProbeCommandLine(String program, List<GetOpt.Spec> specs, String help) {
    this.program = program;
    this.options = new GetOpt(program, specs);
    this.help = help;
  }

  /**
   * The options in command-line order, or empty after a usage error was reported on {@code err}
   * (the caller exits with {@link ProbeRuntime#USAGE}).
   */
  public Optional<List<GetOpt.Option>> parse(List<String> argv, PrintStream err) {
    try {
      return Optional.of(optionsOnly(parseAll(argv)));
    } catch (UsageException e) {
      ProbeRuntime.usageError(program, e, err);
      return Optional.empty();
    }
  }

  /** Options and operands as given, for a probe that answers {@code -h} before anything else. */
  public GetOpt.Parsed parseAll(List<String> argv) throws UsageException {
    return options.parse(argv.toArray(new String[0]));
  }

  /** The options, refusing any operand: a probe takes options only. */
  public List<GetOpt.Option> optionsOnly(GetOpt.Parsed parsed) throws UsageException {
    if (!parsed.operands().isEmpty()) {
      throw new UsageException(
          program + ": unexpected argument '" + parsed.operands().get(0) + "'");
    }
    return parsed.options();
  }

  /** Prints the help ({@code h}) or the version ({@code V}) on {@code out}; the exit status. */
  public int answer(GetOpt.Option option, PrintStream out) {
    return switch (option.letter()) {
      case 'h' -> help(out);
      case 'V' -> version(out);
      default -> throw new IllegalArgumentException("not -h or -V: -" + option.letter());
    };
  }

  /** Prints the help on {@code out}; the exit status. */
  public int help(PrintStream out) {
    out.print(help);
    return ProbeRuntime.OK;
  }

  /** Prints the version on {@code out}; the exit status. */
  public int version(PrintStream out) {
    out.println(Version.line(program));
    return ProbeRuntime.OK;
  }

  /** Reports a usage error whose message names the program; the exit status. */
  public int usageError(UsageException e, PrintStream err) {
    return ProbeRuntime.usageError(program, e, err);
  }

  /** Reports a bad option value ({@code message} without the program name); the exit status. */
  public int usageError(String message, PrintStream err) {
    return ProbeRuntime.usageError(program, new UsageException(program + ": " + message), err);
  }
}
