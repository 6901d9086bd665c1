package org.telemetrics.probes.crash.payload;

import java.util.Optional;
import org.telemetrics.probes.crash.dwarf.LineTable.SourceLine;

/** A frame ready to print: function (if known), module name, source line (if known). */
public record FrameLine(Optional<String> function, String module, Optional<SourceLine> source) {}
