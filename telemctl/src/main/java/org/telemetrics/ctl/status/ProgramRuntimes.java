package org.telemetrics.ctl.status;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.telemetrics.files.FileErrors;

/**
 * Which JDK and start-up cache (AOT cache, AppCDS archive) each program of the installed tree uses.
 * The launchers decide that in shell before a JVM starts; rather than repeat their rules here, each
 * launcher is asked ({@code TELEMETRICS_EXPLAIN=1}: it prints its choice and starts nothing), in
 * this process's environment.
 */
final class ProgramRuntimes {
  /** Set by the launcher to the tree telemctl runs from (lib/telemetrics-run). */
  static final String HOME_PROPERTY = "telemetrics.home";

  private static final int MAX_OUTPUT = 64 * 1024;
  private static final long TIMEOUT_SECONDS = 10;

  private ProgramRuntimes() {}

  /** The choices of the tree telemctl was started from; none when not started by a launcher. */
  static List<ProgramRuntime> ofThisTree() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home == null || home.isEmpty()) {
      return List.of();
    }
    try {
      return of(Path.of(home));
    } catch (IOException e) {
      return List.of(
          ProgramRuntime.failed(
              "launchers",
              "cannot ask the launchers in " + FileErrors.about(Path.of(home, "bin"), e)));
    }
  }

  /** The choices of every launcher in {@code home/bin}, by program name. */
  static List<ProgramRuntime> of(Path home) throws IOException {
    List<Path> launchers;
    try (Stream<Path> s = Files.list(home.resolve("bin"))) {
      launchers = s.filter(Files::isExecutable).sorted().toList();
    }
    List<ProgramRuntime> out = new ArrayList<>();
    for (Path launcher : launchers) {
      out.add(ask(launcher));
    }
    return out;
  }

  private static ProgramRuntime ask(Path launcher) throws IOException {
    String program = launcher.getFileName().toString();
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true);
    pb.environment().put("TELEMETRICS_EXPLAIN", "1");
    Process p = pb.start();
    String text;
    try (InputStream in = p.getInputStream()) {
      text = new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return ProgramRuntime.failed(program, "no answer within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return ProgramRuntime.failed(program, "interrupted");
    }
    Map<String, String> facts = new LinkedHashMap<>();
    StringBuilder other = new StringBuilder();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[a-z_]+")) {
        facts.put(line.substring(0, eq), line.substring(eq + 1));
      } else if (!line.isBlank()) {
        other.append(other.length() > 0 ? "; " : "").append(line.strip());
      }
    }
    if (p.exitValue() != 0 || !facts.containsKey("java_chosen_by")) {
      return ProgramRuntime.failed(
          program, other.length() > 0 ? other.toString() : "exit status " + p.exitValue());
    }
    return ProgramRuntime.of(program, facts);
  }

  /**
   * Text rows: one "Java" row per JDK (all programs normally share one) and one "Start-up cache"
   * row per program.
   */
  static void printText(List<ProgramRuntime> runtimes, BiConsumer<String, String> row) {
    Map<String, List<String>> byJdk = new LinkedHashMap<>();
    for (ProgramRuntime r : runtimes) {
      if (r.error().isEmpty()) {
        byJdk.computeIfAbsent(r.jdk(), k -> new ArrayList<>()).add(r.program());
      }
    }
    for (Map.Entry<String, List<String>> e : byJdk.entrySet()) {
      row.accept(
          "Java", e.getKey() + (byJdk.size() > 1 ? ": " + String.join(", ", e.getValue()) : ""));
    }
    for (ProgramRuntime r : runtimes) {
      row.accept("Start-up cache", r.program() + ": " + r.cache());
    }
  }

  /** The field {@code programs}: one object per program. */
  static void writeJson(JsonGenerator g, List<ProgramRuntime> runtimes) throws IOException {
    g.writeObjectFieldStart("programs");
    for (ProgramRuntime r : runtimes) {
      g.writeObjectFieldStart(r.program());
      g.writeStringField("error", r.error().orElse(null));
      g.writeStringField("java_home", r.javaHome());
      g.writeStringField("java_version", r.javaVersion());
      g.writeStringField("java_chosen_by", r.chosenBy());
      g.writeStringField("cache_kind", r.cacheKind());
      g.writeStringField("cache_file", r.cacheFile());
      g.writeStringField("cache_state", r.cacheState());
      g.writeStringField("cache_why", r.cacheWhy());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
