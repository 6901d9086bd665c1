package org.telemetrics.probes.recordgen.stdin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telemetrics.fuzz.ParserContract;
import org.telemetrics.probes.json.StrictJackson;
import org.telemetrics.record.RecordRules;

/**
 * Coverage-guided fuzzing of {@code telem-record-gen --stdin}'s input (whatever a script writes):
 * lines are split within their cap, and each becomes a record or a {@link BadLineException} with
 * its reason, never anything else. {@link JsonLine} is written by hand (a probe starts without
 * Jackson), so every line it accepts is also read with Jackson, strictly: Jackson must accept it as
 * the same object (no JSON Jackson refuses, no value read otherwise), and the record must keep the
 * backend's rules.
 */
class StdinLinesFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(1 << 20, 256);

  /** A line and what it became: a record, or null when it was refused or over the cap. */
  private record Outcome(byte[] line, RecordLine record) {}

  @FuzzTest
  void read(byte[] input) {
    List<Outcome> outcomes = CONTRACT.check(input.length, () -> readAll(input)).orElseThrow();
    for (Outcome o : outcomes) {
      if (o.record() != null) {
        checkRules(o.record());
        checkAgainstJackson(o.line(), o.record());
      }
    }
  }

  private static List<Outcome> readAll(byte[] input) throws IOException {
    LineInput lines = new LineInput(new ByteArrayInputStream(input), StdinRecords.MAX_LINE_BYTES);
    List<Outcome> out = new ArrayList<>();
    for (LineInput.Line line = lines.next(); line != null; line = lines.next()) {
      if (line.tooLong()) {
        if (line.length() <= StdinRecords.MAX_LINE_BYTES) {
          throw new AssertionError("a line of " + line.length() + " bytes called too long");
        }
        continue;
      }
      try {
        out.add(new Outcome(line.bytes(), RecordLine.parse(line.bytes())));
      } catch (BadLineException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          throw new AssertionError("a line refused without a reason", e);
        }
        out.add(new Outcome(line.bytes(), null));
      }
    }
    return out;
  }

  private static void checkRules(RecordLine r) {
    try {
      RecordRules.checkClassification(r.classification());
      if (r.eventId().isPresent()) {
        RecordRules.checkEventId(r.eventId().get());
      }
    } catch (Exception e) {
      throw new AssertionError("a record the rules refuse: " + e.getMessage(), e);
    }
    if (r.payload().length > RecordRules.MAX_PAYLOAD_BYTES) {
      throw new AssertionError("a payload of " + r.payload().length + " bytes");
    }
  }

  private static void checkAgainstJackson(byte[] line, RecordLine r) {
    JsonNode tree;
    try {
      tree = StrictJackson.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("accepted a line Jackson refuses: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new AssertionError("accepted a line that is not one JSON object");
    }
    byte[] payload = tree.path(RecordLine.PAYLOAD).textValue().getBytes(StandardCharsets.UTF_8);
    payload =
        Arrays.copyOf(
            payload, RecordRules.utf8PrefixLength(payload, RecordRules.MAX_PAYLOAD_BYTES));
    boolean same =
        tree.path(RecordLine.CLASS).textValue().equals(r.classification())
            && Arrays.equals(payload, r.payload())
            && tree.path(RecordLine.SEVERITY).asLong(1) == r.severity()
            && tree.path(RecordLine.RECORD_VERSION).asLong(1) == r.payloadVersion()
            && r.eventId()
                .map(id -> id.equals(tree.path(RecordLine.EVENT_ID).textValue()))
                .orElse(!tree.has(RecordLine.EVENT_ID));
    if (!same) {
      throw new AssertionError("read otherwise than Jackson reads it: " + r + " / " + tree);
    }
  }
}
