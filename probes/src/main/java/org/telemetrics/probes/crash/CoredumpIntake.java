package org.telemetrics.probes.crash;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.log.Log;
import org.telemetrics.probes.cli.ProbeRuntime;
import org.telemetrics.probes.journal.CursorFile;
import org.telemetrics.probes.journal.JournalJson;
import org.telemetrics.probes.journal.JournalctlFollow;
import org.telemetrics.probes.oops.BoundedLineReader;

/**
 * The coredump entries journalctl prints, each handed to crashprobe's analysis on the core {@code
 * coredumpctl dump} streams, and the cursor stored past it: a crash is reported once, and one that
 * could not be reported is logged and passed over (except when telemprobd did not answer: the
 * cursor then stays before it, for the restart).
 */
final class CoredumpIntake {
  private final CursorFile cursorFile;
  private final TelemetryConfig config;
  private final Optional<String> configFile;
  private final String coredumpctl;
  private final Crashprobe crashprobe;
  private final Log log;

  /** {@code configFile}: crashprobe's {@code -f}, if the follower was given one. */
  CoredumpIntake(
      CursorFile cursorFile,
      TelemetryConfig config,
      Optional<String> configFile,
      String coredumpctl,
      Crashprobe crashprobe,
      Log log) {
    this.cursorFile = cursorFile;
    this.config = config;
    this.configFile = configFile;
    this.coredumpctl = coredumpctl;
    this.crashprobe = crashprobe;
    this.log = log;
  }

  /** Runs journalctl and handles the entries it prints; the status at its end. */
  int fromJournal(List<String> command, long notBeforeMicros) throws IOException {
    Process journal =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try (InputStream source = journal.getInputStream()) {
      int status = follow(source, Optional.empty(), notBeforeMicros);
      if (status == ProbeRuntime.OK && journal.waitFor() != 0) {
        log.error(command.get(0) + " ended with status " + journal.exitValue());
        return ProbeRuntime.FAILURE;
      }
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeRuntime.FAILURE;
    } finally {
      journal.destroy();
    }
  }

  /**
   * Handles the entries of {@code source} (journalctl -o json) after the one whose cursor is {@code
   * skipThrough}; crashes logged before {@code notBeforeMicros} are passed over (after a damaged
   * cursor file).
   */
  int follow(InputStream source, Optional<String> skipThrough, long notBeforeMicros)
      throws IOException {
    BoundedLineReader lines = new BoundedLineReader(source, JournalctlFollow.MAX_LINE_BYTES);
    boolean skipping = skipThrough.isPresent();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      Optional<CoredumpEntry> entry;
      try {
        entry = lines.lastLineCut() ? Optional.empty() : CoredumpEntry.of(JournalJson.parse(line));
      } catch (IllegalArgumentException e) {
        log.warning("skipped a journal line: " + e.getMessage());
        continue;
      }
      if (entry.isEmpty()) {
        continue;
      }
      CoredumpEntry e = entry.get();
      if (skipping) {
        skipping = !e.cursor().equals(skipThrough.get());
        continue;
      }
      if (e.realtimeMicros() < notBeforeMicros) {
        log.info(
            "crash of "
                + e.exe()
                + " from before the damaged cursor file was last written"
                + " passed over");
      } else if (!optedInBefore(e.realtimeMicros())) {
        log.info("crash of " + e.exe() + " from while not opted in passed over");
      } else {
        int status = analyze(e);
        if (status == ProbeRuntime.TIMED_OUT) {
          return status; // the cursor stays before it: the restart sends it
        }
        if (status != ProbeRuntime.OK) {
          log.warning("crash of " + e.exe() + " (pid " + e.pid() + ") not reported; passed over");
        }
      }
      cursorFile.store(e.cursor(), true);
    }
    return ProbeRuntime.OK;
  }

  /** Whether the machine is opted in and was when the crash was logged. */
  private boolean optedInBefore(long micros) {
    return ProbeRuntime.optedInSince(config.layout().optInFile())
        .map(t -> t.to(TimeUnit.MICROSECONDS) <= micros)
        .orElse(false);
  }

  /** crashprobe on the core coredumpctl streams; its exit status. */
  private int analyze(CoredumpEntry e) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(coredumpctl, "dump", "--no-pager", "--quiet"));
    cmd.addAll(e.coredumpctlMatches());
    Process dump =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    List<String> args = new ArrayList<>(e.crashprobeArgs());
    configFile.ifPresent(f -> args.addAll(List.of("-f", f)));
    try (InputStream core = dump.getInputStream()) {
      // crashprobe closes what it read; the rest is drained here so coredumpctl ends normally
      int status =
          crashprobe.run(
              args,
              new FilterInputStream(core) {
                @Override
                public void close() {
                  // kept open for the drain below
                }
              });
      core.transferTo(OutputStream.nullOutputStream());
      if (!dump.waitFor(60, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
        log.warning("coredumpctl did not end for " + e.exe() + " (pid " + e.pid() + ")");
      } else if (dump.exitValue() != 0) {
        log.warning(
            "coredumpctl dump ended with status "
                + dump.exitValue()
                + " for "
                + e.exe()
                + " (pid "
                + e.pid()
                + "): the core may be gone");
      }
      return status;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      dump.destroyForcibly();
      return ProbeRuntime.FAILURE;
    }
  }
}
