package org.telemetrics.ctl.journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.CtlCommand;
import org.telemetrics.ctl.CtlException;
import org.telemetrics.ctl.ExitCodes;
import org.telemetrics.journal.JournalEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "journal", sortOptions = false, descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {"Prints telemetry journal contents.", "",
        "One line per record the client handled "
        + "(classification, time, record id, event id, boot id, and the outcome when telempostd "
        + "recorded one). Reads journals of the C client too.",
        "Filters are exact and combine; a classification ending in /* matches every "
            + "classification that starts with what is before the *.",
        "Needs no root: the journal is only read."})
public final class JournalCommand extends CtlCommand {
  public static final String UNABLE = "Unable to open journal";

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-r", "--record_id"}, paramLabel = "ID", description = "Only this record id.")
  String recordId;

  @Option(names = {"-e", "--event_id"}, paramLabel = "ID", description = "Only this event id.")
  String eventId;

  @Option(names = {"-c", "--classification"}, paramLabel = "CLASS",
      description = "Only this classification; a/b/* matches a/b/anything.")
  String classification;

  @Option(names = {"-b", "--boot_id"}, paramLabel = "ID", description = "Only this boot id.")
  String bootId;

  @Option(names = {"-i", "--include_record"},
      description = "Print the retained copy of each record after its line.")
  boolean includeRecord;

  @Option(names = {"-V", "--verbose"}, description = "Print a header and the total.")
  boolean verbose;

  @Option(names = "--json", description = "One JSON object per line instead of columns.")
  boolean json;

  @Option(names = "--follow", description = "Keep printing entries as they are appended.")
  boolean follow;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "100",
      description = "Consider only the last N entries (default ${DEFAULT-VALUE}, as C; 0: all).")
  int lines;

  private static final int SEEN_LIMIT = 100_000;
  /** How often --follow looks for new entries. */
  static final long FOLLOW_INTERVAL_MS = 200;

  @Override
  protected int run() throws Exception {
    Layout layout = config().layout();
    Path file = layout.journalFile();
    JournalFilter filter = new JournalFilter(recordId, eventId, classification, bootId);

    JournalReader.Chunk chunk = readOrEmpty(file, 0);
    Deque<JournalEntry> last = new ArrayDeque<>();
    for (JournalEntry e : chunk.entries()) {
      last.addLast(e);
      if (lines > 0 && last.size() > lines) {
        last.removeFirst();
      }
    }
    List<JournalEntry> shown = last.stream().filter(filter::matches).toList();
    boolean outcomeColumn = chunk.entries().stream().anyMatch(e -> e.outcome().isPresent());
    JournalPrinter printer = new JournalPrinter(out(), ctx().zone(), layout.retentionDir(),
        includeRecord, json, outcomeColumn);
    if (verbose) {
      printer.header();
    }
    for (JournalEntry e : shown) {
      printer.print(e);
    }
    if (chunk.malformed() > 0) {
      err().println("telemctl: skipped " + chunk.malformed() + " malformed journal lines");
    }
    if (follow) {
      Set<String> seen = seenSet();
      chunk.entries().forEach(e -> seen.add(e.recordId()));
      follow(file, chunk.nextPosition(), seen, filter, printer);
      return ExitCodes.OK;
    }
    if (verbose) {
      printer.footer(shown.size());
    }
    return ExitCodes.OK;
  }

  /**
   * Prints what is appended until interrupted. telempostd prunes the journal by writing a new
   * file and renaming it over the old one; then the new file is read from the start, skipping
   * the entries already seen (record ids are unique per entry).
   */
  private void follow(Path file, long position, Set<String> seen, JournalFilter filter,
      JournalPrinter printer) throws IOException, CtlException {
    Object fileKey = fileKey(file);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(FOLLOW_INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Object key = fileKey(file);
      long size = key == null ? 0 : Files.size(file);
      boolean replaced = !Objects.equals(key, fileKey) || size < position;
      if (replaced) {
        fileKey = key;
        position = 0;
      }
      if (key == null || (!replaced && size == position)) {
        continue;
      }
      JournalReader.Chunk chunk = readOrEmpty(file, position);
      for (JournalEntry e : chunk.entries()) {
        if (seen.add(e.recordId()) && filter.matches(e)) {
          printer.print(e);
        }
      }
      position = chunk.nextPosition();
    }
  }

  /** Record ids already read, bounded: far more than a journal holds between two looks. */
  private static Set<String> seenSet() {
    return Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > SEEN_LIMIT;
      }
    });
  }

  private static Object fileKey(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** A journal that does not exist yet has no entries (telempostd creates it). */
  private static JournalReader.Chunk readOrEmpty(Path file, long from) throws CtlException {
    try {
      return JournalReader.read(file, from);
    } catch (NoSuchFileException e) {
      return new JournalReader.Chunk(List.of(), 0, 0);
    } catch (AccessDeniedException e) {
      throw new CtlException(UNABLE + ": permission denied (" + file + ")");
    } catch (IOException e) {
      throw new CtlException(UNABLE + ": " + e.getMessage());
    }
  }
}
