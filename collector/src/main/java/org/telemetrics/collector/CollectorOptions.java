package org.telemetrics.collector;

import java.nio.file.Path;
import java.util.List;

/**
 * Command line of telemetrics-collector.
 *
 * @param bind address to listen on
 * @param port TCP port; 0 picks a free one
 * @param output JSON-lines file accepted records are appended to
 * @param urlFile where to write the collector URL once bound (null: don't)
 * @param tid telemetry id a record must carry in {@code X-Telemetry-TID}
 * @param maxBodyBytes largest accepted request body
 */
public record CollectorOptions(
    String bind, int port, Path output, Path urlFile, String tid, long maxBodyBytes) {
  public static final String USAGE =
      """
      Usage: telemetrics-collector [options]
      A local collector that accepts records like the public telemetrics-backend
      (POST / or /v2/collector, fields as HTTP headers) and appends them as JSON lines.
        -p, --port N            TCP port (default 0: a free port)
        -b, --bind ADDR         address to listen on (default 127.0.0.1)
        -o, --output FILE       JSON-lines file of accepted records
                                (default telemetrics-collector.jsonl)
        -u, --url-file FILE     write the collector URL to FILE once listening
        -t, --tid TID           telemetry id to require (default %s)
            --max-body-bytes N  largest request body accepted (default 1048576)
        -V, --version           print the version and exit
        -h, --help              print this help and exit
      Ids continue after the lines already in FILE; GET /api/records serves the newest
      records (a damaged line, cut short or not UTF-8, is counted but not served).
      Exit status: 2 on a usage error, 1 when it cannot listen.
      Prints the collector URL on the first line of standard output.
      """
          .formatted(BackendRules.DEFAULT_TID);

  public static CollectorOptions defaults() {
    return new CollectorOptions(
        "127.0.0.1",
        0,
        Path.of("telemetrics-collector.jsonl"),
        null,
        BackendRules.DEFAULT_TID,
        1024 * 1024);
  }

  /** What a command line asks for: a collector with these options, the help, or the version. */
  public sealed interface Request {
    /** Start a collector. */
    record Run(CollectorOptions options) implements Request {}

    /** Print the help. */
    record Help() implements Request {}

    /** Print the version. */
    record ShowVersion() implements Request {}
  }

  /** Parses the arguments; {@code --help} and {@code --version} give null. */
  public static CollectorOptions parse(List<String> args) {
    return request(args) instanceof Request.Run run ? run.options() : null;
  }

  /**
   * Parses the arguments; a bad one is an {@link IllegalArgumentException} whose message names it.
   */
  public static Request request(List<String> args) {
    CollectorOptions o = defaults();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> {
          return new Request.Help();
        }
        case "-V", "--version" -> {
          return new Request.ShowVersion();
        }
        case "-p", "--port" -> {
          String v = value != null ? value : next(args, ++i, arg);
          int port = parseLong(v, arg, 0, 65535).intValue();
          o = new CollectorOptions(o.bind, port, o.output, o.urlFile, o.tid, o.maxBodyBytes);
        }
        case "-b", "--bind" ->
            o =
                new CollectorOptions(
                    value != null ? value : next(args, ++i, arg),
                    o.port,
                    o.output,
                    o.urlFile,
                    o.tid,
                    o.maxBodyBytes);
        case "-o", "--output" ->
            o =
                new CollectorOptions(
                    o.bind,
                    o.port,
                    Path.of(value != null ? value : next(args, ++i, arg)),
                    o.urlFile,
                    o.tid,
                    o.maxBodyBytes);
        case "-u", "--url-file" ->
            o =
                new CollectorOptions(
                    o.bind,
                    o.port,
                    o.output,
                    Path.of(value != null ? value : next(args, ++i, arg)),
                    o.tid,
                    o.maxBodyBytes);
        case "-t", "--tid" ->
            o =
                new CollectorOptions(
                    o.bind,
                    o.port,
                    o.output,
                    o.urlFile,
                    value != null ? value : next(args, ++i, arg),
                    o.maxBodyBytes);
        case "--max-body-bytes" -> {
          String v = value != null ? value : next(args, ++i, arg);
          o =
              new CollectorOptions(
                  o.bind,
                  o.port,
                  o.output,
                  o.urlFile,
                  o.tid,
                  parseLong(v, arg, 0, Integer.MAX_VALUE - 8));
        }
        default ->
            throw new IllegalArgumentException(
                arg.startsWith("-")
                    ? "unrecognized option '" + arg + "'"
                    : "unexpected argument '" + arg + "'");
      }
    }
    return new Request.Run(o);
  }

  private static String next(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException("option '" + option + "' requires an argument");
    }
    return args.get(i);
  }

  private static Long parseLong(String v, String option, long min, long max) {
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            "option " + option + ": " + v + " is not in " + min + ".." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + option + ": " + v + " is not a number");
    }
  }
}
