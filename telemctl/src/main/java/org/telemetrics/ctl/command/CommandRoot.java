package org.telemetrics.ctl.command;

import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;

/**
 * The top command every subcommand runs under: it holds the {@link Context} and the options that
 * choose the configuration. An interface so the commands never depend on the program that lists
 * them.
 */
public interface CommandRoot {
  Context context();

  /** The configuration the command line chose (its {@code -f}, else the usual search). */
  TelemetryConfig config() throws ConfigException;
}
