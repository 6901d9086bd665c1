package org.telemetrics.ctl.journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.FileErrors;
import org.telemetrics.journal.JournalEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "journal",
    sortOptions = false,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Prints telemetry journal contents.",
      "",
      "One line per record the client handled "
          + "(classification, time, record id, event id, boot id, and the outcome when telempostd "
          + "recorded one). Reads journals of the C client too.",
      "Filters are exact and combine; a classification ending in /* matches every "
          + "classification that starts with what is before the *.",
      "Needs no root: the journal is only read."
    })
public final class JournalCommand extends CtlCommand {
  public static final String UNABLE = "Unable to open journal";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-r", "--record_id"},
      paramLabel = "ID",
      description = "Only this record id.")
  String recordId;

  @Option(
      names = {"-e", "--event_id"},
      paramLabel = "ID",
      description = "Only this event id.")
  String eventId;

  @Option(
      names = {"-c", "--classification"},
      paramLabel = "CLASS",
      description = "Only this classification; a/b/* matches a/b/anything.")
  String classification;

  @Option(
      names = {"-b", "--boot_id"},
      paramLabel = "ID",
      description = "Only this boot id.")
  String bootId;

  @Option(
      names = {"-i", "--include_record"},
      description = "Print the retained copy of each record after its line.")
  boolean includeRecord;

  // -V is how the C client spelled it; kept so its users' scripts work, though everywhere else
  // -V means --version.
  @Option(
      names = {"-v", "--verbose", "-V"},
      description = "Print a header and the total (-V: the C client's spelling, kept for scripts).")
  boolean verbose;

  @Option(names = "--json", description = "One JSON object per line instead of columns.")
  boolean json;

  @Option(names = "--follow", description = "Keep printing entries as they are appended.")
  boolean follow;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "N",
      defaultValue = "100",
      description = "Consider only the last N entries (default ${DEFAULT-VALUE}, as C; 0: all).")
  int lines;

  private static final int SEEN_LIMIT = 100_000;

  /** How often --follow looks for new entries. */
  static final long FOLLOW_INTERVAL_MS = 200;

  @Override
  protected int run() throws Exception {
    if (lines < 0) {
      throw new CtlException(
          "telemctl journal: --lines must be 0 (all) or more; got " + lines, ExitCodes.USAGE);
    }
    Layout layout = config().layout();
    Path file = layout.journalFile();
    JournalFilter filter = new JournalFilter(recordId, eventId, classification, bootId);

    Deque<JournalEntry> last = new ArrayDeque<>();
    Set<String> seen = seenSet();
    boolean[] outcomes = {false};
    JournalReader.Result read =
        readOrEmpty(
            file,
            0,
            e -> {
              last.addLast(e);
              if (lines > 0 && last.size() > lines) {
                last.removeFirst();
              }
              outcomes[0] |= e.outcome().isPresent();
              if (follow) {
                seen.add(e.recordId());
              }
            });
    List<JournalEntry> shown = last.stream().filter(filter::matches).toList();
    JournalPrinter printer =
        new JournalPrinter(
            out(), err(), ctx().zone(), layout.retentionDir(), includeRecord, json, outcomes[0]);
    if (verbose) {
      printer.header();
    }
    for (JournalEntry e : shown) {
      printer.print(e);
    }
    noteDamage(file, read);
    if (follow) {
      follow(file, read.nextPosition(), seen, filter, printer);
      return ExitCodes.OK;
    }
    if (verbose) {
      printer.footer(shown.size());
    }
    return ExitCodes.OK;
  }

  /**
   * Prints what is appended until interrupted. telempostd prunes the journal by writing a new file
   * and renaming it over the old one; then the new file is read from the start, skipping the
   * entries already seen (record ids are unique per entry).
   */
  private void follow(
      Path file, long position, Set<String> seen, JournalFilter filter, JournalPrinter printer)
      throws IOException, CtlException {
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
      List<JournalEntry> appended = new ArrayList<>();
      JournalReader.Result read =
          readOrEmpty(
              file,
              position,
              e -> {
                if (seen.add(e.recordId()) && filter.matches(e)) {
                  appended.add(e);
                }
              });
      for (JournalEntry e : appended) {
        printer.print(e);
      }
      noteDamage(file, read);
      position = read.nextPosition();
    }
  }

  /** Record ids already read, bounded: far more than a journal holds between two looks. */
  private static Set<String> seenSet() {
    return Collections.newSetFromMap(
        new LinkedHashMap<String, Boolean>() {
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

  /** One note for the damaged lines of a read, naming the file. */
  private void noteDamage(Path file, JournalReader.Result read) {
    if (read.damaged() > 0) {
      err()
          .println(
              "telemctl: skipped "
                  + read.damaged()
                  + " damaged "
                  + (read.damaged() == 1 ? "line" : "lines")
                  + " in "
                  + file);
    }
  }

  /** A journal that does not exist yet has no entries (telempostd creates it). */
  private static JournalReader.Result readOrEmpty(
      Path file, long from, Consumer<JournalEntry> entries) throws CtlException {
    try {
      return JournalReader.read(file, from, entries);
    } catch (NoSuchFileException e) {
      return new JournalReader.Result(0, 0);
    } catch (AccessDeniedException e) {
      throw new CtlException(UNABLE + ": permission denied (" + file + ")");
    } catch (IOException e) {
      throw new CtlException(UNABLE + ": " + FileErrors.describe(e));
    }
  }
}
