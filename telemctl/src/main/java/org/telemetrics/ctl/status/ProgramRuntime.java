package org.telemetrics.ctl.status;

import java.util.Map;
import java.util.Optional;

/**
 * The JDK and start-up cache one program's launcher chooses, as it tells them with {@code
 * TELEMETRICS_EXPLAIN} (lib/telemetrics-run), or why it could not start at all.
 */
record ProgramRuntime(
    String program,
    Optional<String> error,
    String javaHome,
    String javaVersion,
    String chosenBy,
    String cacheKind,
    String cacheFile,
    String cacheState,
    String cacheWhy) {

  /** From the launcher's key=value lines. */
  static ProgramRuntime of(String program, Map<String, String> facts) {
    return new ProgramRuntime(
        program,
        Optional.empty(),
        facts.getOrDefault("java_home", ""),
        facts.getOrDefault("java_version", ""),
        facts.getOrDefault("java_chosen_by", ""),
        facts.getOrDefault("cache_kind", "none"),
        facts.getOrDefault("cache_file", ""),
        facts.getOrDefault("cache_state", "off"),
        facts.getOrDefault("cache_why", ""));
  }

  static ProgramRuntime failed(String program, String why) {
    return new ProgramRuntime(program, Optional.of(why), "", "", "", "none", "", "off", "");
  }

  /** The JDK as a person reads it: version, where, and why that one. */
  String jdk() {
    String version = javaVersion.isEmpty() ? "Java of unknown version" : "Java " + javaVersion;
    String where = javaHome.isEmpty() ? "" : " in " + javaHome;
    return version + where + (chosenBy.isEmpty() ? "" : " (" + chosenBy + ")");
  }

  /** The cache as a person reads it: which kind, and whether it is used or why not. */
  String cache() {
    if (error.isPresent()) {
      return "none: the launcher fails: " + error.get();
    }
    String kind =
        switch (cacheKind) {
          case "aot" -> "AOT cache";
          case "appcds" -> "AppCDS archive";
          default -> "start-up cache";
        };
    return switch (cacheState) {
      case "used" -> kind + " " + cacheFile;
      case "missing" -> "no " + kind + ": " + cacheWhy;
      case "stale" -> "stale " + kind + ", not used: " + cacheWhy + " (" + cacheFile + ")";
      case "foreign" -> "foreign " + kind + ", not used: " + cacheWhy + " (" + cacheFile + ")";
      default -> "none (" + cacheWhy + ")";
    };
  }
}
