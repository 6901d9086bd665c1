package org.telemetrics.ctl.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand: access to the {@link Context}, the configuration and the output
 * streams; expected failures ({@link CtlException}, {@link ConfigException}) become a message on
 * stderr and exit code 1, never a stack trace. Run by picocli, it takes them from its model; run
 * {@link #callWith directly}, from its caller.
 */
public abstract class CtlCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  /** Set for a run without picocli: then {@link #spec} stays null. */
  private Direct direct;

  private record Direct(CommandRoot root, PrintWriter out, PrintWriter err) {}

  protected abstract int run() throws Exception;

  /**
   * Runs the command as picocli would after parsing no argument of its own, without building its
   * model: a command whose fields keep their initial values when it is given no argument.
   */
  public final int callWith(CommandRoot root, PrintWriter out, PrintWriter err) throws Exception {
    direct = new Direct(root, out, err);
    return call();
  }

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } catch (CtlException e) {
      err().println(e.getMessage());
      return e.exitCode();
    } catch (ConfigException e) {
      err().println("telemctl: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      out().flush();
      err().flush();
    }
  }

  protected CommandRoot root() {
    return direct != null ? direct.root() : (CommandRoot) spec.root().userObject();
  }

  protected Context ctx() {
    return root().context();
  }

  protected TelemetryConfig config() throws ConfigException {
    return root().config();
  }

  protected PrintWriter out() {
    return direct != null ? direct.out() : spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return direct != null ? direct.err() : spec.commandLine().getErr();
  }
}
