package org.telemetrics.probes.crash;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, before any of the core is read, whether and how a crash is reported: the C probe's
 * privacy filters (build chroot, third party), then the configured deny and allow globs.
 */
final class PrivacyFilter {
  /** What to do with a crash. */
  enum Verdict {
    /** Unwind and report it. */
    REPORT,
    /** Report only "Crash from Clear package build". */
    CLR_BUILD,
    /** Report only "Crash from third party". */
    THIRD_PARTY,
    /** Report nothing (deny list, or not on the allow list). */
    IGNORE
  }

  private final boolean privacyFilters;
  private final List<PathMatcher> allow;
  private final List<PathMatcher> deny;

  PrivacyFilter(boolean privacyFilters, List<String> allow, List<String> deny) {
    this.privacyFilters = privacyFilters;
    this.allow = matchers(allow);
    this.deny = matchers(deny);
  }

  // loops, not streams: the probe's start-up would set up the stream library for two short lists
  private static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>(globs.size());
    for (String glob : globs) {
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
    return out;
  }

  private static boolean anyMatches(List<PathMatcher> matchers, Path path) {
    for (PathMatcher m : matchers) {
      if (m.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param rawPath the -E argument (with '!' for '/'), if given; the C filters apply only then
   * @param process the executable's path, or its name without -E
   */
  Verdict decide(Optional<String> rawPath, String process) {
    if (privacyFilters && rawPath.isPresent()) {
      String p = rawPath.get();
      if (p.startsWith("/builddir/build/BUILD/") || p.startsWith("!builddir!build!BUILD!")) {
        return Verdict.CLR_BUILD;
      }
      boolean underUsr = p.startsWith("/usr/") || p.startsWith("!usr!");
      boolean local = p.startsWith("/usr/local/") || p.startsWith("!usr!local!");
      if (!underUsr || local) {
        return Verdict.THIRD_PARTY;
      }
    }
    Path path;
    try {
      path = Path.of(process);
    } catch (RuntimeException e) {
      return allow.isEmpty() && deny.isEmpty() ? Verdict.REPORT : Verdict.IGNORE;
    }
    if (anyMatches(deny, path)) {
      return Verdict.IGNORE;
    }
    if (!allow.isEmpty() && !anyMatches(allow, path)) {
      return Verdict.IGNORE;
    }
    return Verdict.REPORT;
  }
}
