package org.telemetrics.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.command.Context;
import org.telemetrics.testing.TestRoot;
import picocli.CommandLine;

/** Runs telemctl in-process against a {@link TestRoot} with a recording systemctl. */
public final class Ctl {
  public final TestRoot root;
  public final RecordingSystemctl systemctl = new RecordingSystemctl();
  public long uid = 0;
  public ZoneId zone = ZoneId.of("UTC");
  public Clock clock = Clock.systemUTC();

  public Ctl(Path dir) {
    this.root = TestRoot.create(dir);
  }

  /** Exit code and what went to stdout and stderr. */
  public record Run(int exitCode, String out, String err) {}

  public Context context() {
    return new Context(root.env(), systemctl, () -> uid, clock, zone);
  }

  /**
   * Runs {@code args} as the program does: without a model when they allow, else with its model.
   */
  public Run run(String... args) {
    if (Invocation.of(args) instanceof Invocation.Plain plain) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          PlainRun.run(context(), plain, new PrintWriter(out, true), new PrintWriter(err, true));
      return new Run(code, out.toString(), err.toString());
    }
    return runWithModel(args);
  }

  /** Runs {@code args} with the model the program builds for them when it needs one. */
  public Run runWithModel(String... args) {
    return run(TelemctlCommandLine.forRun(context(), args), args);
  }

  /** Runs {@code args} with the model of every command. */
  public Run runWithEveryCommand(String... args) {
    return run(TelemctlCommandLine.ofEveryCommand(context()), args);
  }

  private static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  public Layout layout() {
    return root.layout();
  }
}
