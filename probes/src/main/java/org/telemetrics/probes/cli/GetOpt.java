package org.telemetrics.probes.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line parsing in the style of POSIX getopt_long, which the C probes use: grouped short
 * options ({@code -Hlu}), arguments attached or separate ({@code -cfoo}, {@code -c foo}), long
 * options with {@code =} or a separate argument, and {@code --} to end options. Probes parse by
 * hand because a parsing library would cost every short-lived probe start-up time.
 */
public final class GetOpt {
  /** How an option takes an argument. */
  public enum Arg {
    NONE,
    REQUIRED,
    OPTIONAL
  }

  /** One option a program knows: its letter, long name and argument kind. */
  public record Spec(char letter, String longName, Arg arg) {}

  /** One option found on the command line, named by its letter. */
  public record Option(char letter, Optional<String> value) {}

  /** The options in command-line order and the remaining operands. */
  public record Parsed(List<Option> options, List<String> operands) {}

  /**
   * Resolved with this class, so that a run without options (as the training run of a probe's
   * start-up cache) loads it too: a class missing from the cache is read from the jar, which is
   * opened for it (about 2 ms; hprobe's timer gives it -Hlu).
   */
  private static final Class<Option> OPTION_CLASS = Option.class;

  private final String program;
  private final Map<Character, Spec> byLetter;
  private final Map<String, Spec> byLongName;

  public GetOpt(String program, List<Spec> specs) {
    this.program = program;
    this.byLetter = new HashMap<>();
    this.byLongName = new HashMap<>();
    for (Spec s : specs) {
      byLetter.put(s.letter(), s);
      byLongName.put(s.longName(), s);
    }
  }

  /** Parses {@code args}; an unknown option or a missing argument is a {@link UsageException}. */
  public Parsed parse(String[] args) throws UsageException {
    List<Option> options = new ArrayList<>();
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        operands.addAll(List.of(args).subList(i + 1, args.length));
        break;
      } else if (a.startsWith("--")) {
        i = parseLong(args, i, options);
      } else if (a.startsWith("-") && a.length() > 1) {
        i = parseShort(args, i, options);
      } else {
        operands.add(a);
      }
    }
    return new Parsed(List.copyOf(options), List.copyOf(operands));
  }

  private int parseLong(String[] args, int i, List<Option> options) throws UsageException {
    String body = args[i].substring(2);
    int eq = body.indexOf('=');
    String name = eq < 0 ? body : body.substring(0, eq);
    Spec spec = byLongName.get(name);
    if (spec == null) {
      throw new UsageException(program + ": unrecognized option '--" + name + "'");
    }
    Optional<String> inline = eq < 0 ? Optional.empty() : Optional.of(body.substring(eq + 1));
    Arg arg = spec.arg(); // compared, not switched on: see parseShort
    if (arg == Arg.NONE) {
      if (inline.isPresent()) {
        throw new UsageException(program + ": option '--" + name + "' doesn't allow an argument");
      }
      options.add(new Option(spec.letter(), Optional.empty()));
    } else if (arg == Arg.REQUIRED) {
      if (inline.isPresent()) {
        options.add(new Option(spec.letter(), inline));
      } else if (i + 1 < args.length) {
        options.add(new Option(spec.letter(), Optional.of(args[++i])));
      } else {
        throw new UsageException(program + ": option '--" + name + "' requires an argument");
      }
    } else {
      if (inline.isEmpty() && i + 1 < args.length && !args[i + 1].startsWith("-")) {
        inline = Optional.of(args[++i]);
      }
      options.add(new Option(spec.letter(), inline));
    }
    return i;
  }

  private int parseShort(String[] args, int i, List<Option> options) throws UsageException {
    String group = args[i];
    for (int j = 1; j < group.length(); j++) {
      char c = group.charAt(j);
      Spec spec = byLetter.get(c);
      if (spec == null) {
        throw new UsageException(program + ": invalid option -- '" + c + "'");
      }
      String rest = group.substring(j + 1);
      // Compared, not switched on: javac makes a switch on an enum a class of its own, which a
      // probe's start-up cache lacks when its training run had no option (read from the jar).
      Arg arg = spec.arg();
      if (arg == Arg.NONE) {
        options.add(new Option(c, Optional.empty()));
      } else if (arg == Arg.REQUIRED) {
        if (!rest.isEmpty()) {
          options.add(new Option(c, Optional.of(rest)));
        } else if (i + 1 < args.length) {
          options.add(new Option(c, Optional.of(args[++i])));
        } else {
          throw new UsageException(program + ": option requires an argument -- '" + c + "'");
        }
        return i;
      } else {
        if (!rest.isEmpty()) {
          options.add(new Option(c, Optional.of(rest)));
        } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
          options.add(new Option(c, Optional.of(args[++i])));
        } else {
          options.add(new Option(c, Optional.empty()));
        }
        return i;
      }
    }
    return i;
  }
}
