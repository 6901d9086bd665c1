/**
 * crashprobe, the kernel's {@code core_pattern} pipe handler.
 *
 * <p>Flow of one crash ({@link org.telemetrics.probes.crash.Crashprobe}): arguments and
 * configuration; opt-in; the privacy filters and allow/deny globs ({@link
 * org.telemetrics.probes.crash.PrivacyFilter}), decided before a byte of the core is read; the core
 * read once as a stream ({@code core.CoreReader}), optionally copied compressed ({@link
 * org.telemetrics.probes.crash.CoreRetention}); every thread unwound ({@code unwind.X86_64Unwinder}
 * over {@code symbols.ModuleMap}) and named ({@code payload.Symbolizer}); flood control ({@link
 * org.telemetrics.probes.crash.FloodControl}); one record in the C payload format ({@code
 * payload.CrashPayload}) through libtelemetry's client.
 *
 * <p>Where systemd-coredump owns {@code core_pattern}, crashes arrive through its journal entries
 * instead: {@link org.telemetrics.probes.crash.CoredumpFollower} streams each core with {@code
 * coredumpctl dump} into the same flow.
 *
 * <p>Packages by feature: {@code elf} (ELF files and notes, bounds-checked cursor), {@code core}
 * (streaming core reader and what it keeps), {@code dwarf} (CFI, expressions, line tables), {@code
 * symbols} (modules, symbol tables, debug files), {@code unwind}, {@code payload}.
 *
 * <p>Why it is built this way: the core arrives on a pipe and can be larger than memory, so it is
 * never seeked nor copied; memory is bounded by {@code CoreLimits}, not by the core. Every byte of
 * the core is hostile (it was written by whatever crashed), so every parser checks bounds, counts
 * steps and fails into an error record rather than an exception, and the launcher has dropped root
 * before the JVM starts. The JVM is short-lived, so there are no heavyweight libraries and files
 * are mapped and read lazily: only modules that frames land in are opened, and line tables answer
 * all frames of a module in one pass.
 */
package org.telemetrics.probes.crash;
