package org.telemetrics.probes.crash.unwind;

import java.util.List;
import java.util.Optional;

/**
 * The frames of one thread, innermost first; {@code error} says why unwinding stopped early, {@code
 * truncated} that the frame limit was reached.
 */
public record ThreadBacktrace(
    long tid, List<Frame> frames, Optional<String> error, boolean truncated) {}
