package org.telemetrics.probes.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** Runs crashprobe in its own JVM with a core written into its standard input pipe. */
final class ProbeRun {
  static final Pattern FRAME = Pattern.compile("^(#\\d+ )(.+)( - \\[(.*)\\](.*))$");

  private ProbeRun() {}

  record Result(int exitCode, String output) {}

  static Result run(TestRoot root, Path core, String... args) throws IOException {
    Map<String, String> env = new HashMap<>(root.env());
    env.put(Crashprobe.ALLOW_ROOT_ENV, "1");
    Path log = Files.createTempFile(root.dir(), "crashprobe", ".out");
    try (JavaProcess p =
        JavaProcess.start(
            Crashprobe.class.getName(), List.of(args), env, log, ProcessBuilder.Redirect.PIPE)) {
      try (OutputStream pipe = p.process().getOutputStream()) {
        if (core != null) {
          Files.copy(core, pipe);
        }
      } catch (IOException e) {
        // the probe may stop reading once it has what it needs: a broken pipe is fine
      }
      int code = p.waitFor(Duration.ofSeconds(90));
      return new Result(code, p.output());
    }
  }

  /** Function names of the n-th thread block of a payload ("???" for unnamed frames). */
  static List<String> functions(String payload, int block) {
    List<String> out = new ArrayList<>();
    for (String f : frameGroups(payload, block, 2)) {
      out.add(f.endsWith("()") ? f.substring(0, f.length() - 2) : f);
    }
    return out;
  }

  /** Module names of the n-th thread block. */
  static List<String> modules(String payload, int block) {
    return frameGroups(payload, block, 4);
  }

  /** One group of the frame pattern for every frame line of the n-th thread block. */
  private static List<String> frameGroups(String payload, int block, int group) {
    List<String> out = new ArrayList<>();
    int current = -1;
    for (String line : payload.split("\n")) {
      if (line.startsWith("Backtrace (TID ")) {
        current++;
        continue;
      }
      Matcher m = FRAME.matcher(line);
      if (current == block && m.matches()) {
        out.add(m.group(group));
      }
    }
    return out;
  }
}
