package org.telemetrics.ctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.telemetrics.ctl.systemd.Systemctl;

/** A systemctl that records every command line and answers from a script. */
public final class RecordingSystemctl implements Systemctl {
  public final List<String> commands = new ArrayList<>();
  private final Map<String, Result> answers = new HashMap<>();
  public boolean running = true;

  /** Answers {@code systemctl <commandLine>} with this result (default: exit 0, no output). */
  public RecordingSystemctl answer(String commandLine, Result result) {
    answers.put(commandLine, result);
    return this;
  }

  @Override
  public Result run(List<String> args) {
    String line = String.join(" ", args);
    commands.add("systemctl " + line);
    return answers.getOrDefault(line, new Result(0, "", ""));
  }

  @Override
  public boolean systemdRunning() {
    return running;
  }
}
