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
 * stderr and exit code 1, never a stack trace.
 */
public abstract class CtlCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected abstract int run() throws Exception;

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
    return (CommandRoot) spec.root().userObject();
  }

  protected Context ctx() {
    return root().context();
  }

  protected TelemetryConfig config() throws ConfigException {
    return root().config();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
