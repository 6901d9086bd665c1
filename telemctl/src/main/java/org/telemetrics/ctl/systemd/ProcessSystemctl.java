package org.telemetrics.ctl.systemd;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code systemctl} as a child process (argument vector, never a shell). */
public final class ProcessSystemctl implements Systemctl {
  private static final long TIMEOUT_SECONDS = 90;
  private final String binary;

  public ProcessSystemctl() {
    this("systemctl");
  }

  public ProcessSystemctl(String binary) {
    this.binary = binary;
  }

  @Override
  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(args);
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      return new Result(127, "", "cannot run " + binary + ": " + e.getMessage());
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(
            124, out.getNow(""), binary + " timed out after " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(130, "", "interrupted");
    }
  }

  @Override
  public boolean systemdRunning() {
    return Files.isDirectory(Path.of("/run/systemd/system"));
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
