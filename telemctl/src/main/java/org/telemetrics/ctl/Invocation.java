package org.telemetrics.ctl;

/**
 * What the arguments ask for, read before any command model is built: the version line alone, a
 * command that needs no model given no argument of its own, one subcommand after the top command's
 * own options, or anything else (help, no command, an unknown command or option, an argument file,
 * a doubtful {@code -f}), which the model of every command handles as before. Only the last needs
 * every command's annotations read.
 */
sealed interface Invocation {
  /** {@code telemctl --version} or {@code -V}, nothing else. */
  record VersionOnly() implements Invocation {}

  /**
   * {@code [-f FILE] name} and nothing after it, where {@code name} is a {@link Subcommands#plain
   * plain} command: it runs without picocli. {@code configFile} is null without {@code -f}.
   */
  record Plain(String name, String configFile) implements Invocation {
    /** The same run through picocli's model of this one command. */
    OneCommand viaModel() {
      return new OneCommand(name, Subcommands.named(name));
    }
  }

  /** A run of the subcommand {@code name}, implemented by {@code type}. */
  record OneCommand(String name, Class<?> type) implements Invocation {}

  /** Everything else. */
  record AllCommands() implements Invocation {}

  static Invocation of(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return new VersionOnly();
    }
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      if (arg.equals("-f") || arg.equals("--config-file")) {
        value = i + 1 < args.length ? args[++i] : "";
      } else if (arg.startsWith("--config-file=")) {
        value = arg.substring("--config-file=".length());
      } else if (arg.startsWith("-f")) {
        value = arg.substring(arg.startsWith("-f=") ? 3 : 2);
      }
      if (value != null) {
        // picocli refuses a second -f, and a value that names a command: its usage error lists
        // every command
        if (configFile != null || !plainValue(value)) {
          return new AllCommands();
        }
        configFile = value;
        continue;
      }
      if (arg.startsWith("-") || arg.startsWith("@")) { // other options, argument files
        return new AllCommands();
      }
      if (i == args.length - 1 && Subcommands.plain(arg)) {
        return new Plain(arg, configFile);
      }
      Class<?> type = Subcommands.named(arg);
      return type == null ? new AllCommands() : new OneCommand(arg, type);
    }
    return new AllCommands();
  }

  private static boolean plainValue(String value) {
    return !value.isEmpty()
        && !value.startsWith("-")
        && !value.startsWith("@")
        && Subcommands.named(value) == null;
  }
}
