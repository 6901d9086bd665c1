package org.telemetrics.probes.oops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel log of the C client's test vectors gives exactly the reports the C parser gives:
 * classification, severity, number of lines and payload, byte for byte. The only extra reports are
 * the documented improvements, which have tests of their own (OopsImprovementsTest): a report the C
 * parser loses because the log ends inside it.
 */
class OopsVectorsTest {
  static Stream<OopsVectors.Vector> vectors() {
    return OopsVectors.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void givesTheCParsersReportsByteForByte(OopsVectors.Vector v) throws IOException {
    List<Oops> found = OopsLogParser.parse(new ByteArrayInputStream(v.input()));

    List<OopsVectors.Expected> complete =
        found.stream()
            .filter(Oops::complete)
            .map(
                o ->
                    new OopsVectors.Expected(
                        o.pattern().classification(),
                        o.pattern().severity(),
                        o.lines().size(),
                        OopsPayload.format(o, false)))
            .toList();
    assertThat(complete).containsExactlyElementsOf(v.reports());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void reportsNothingElseButAnOopsLeftOpenByTheEndOfTheLog(OopsVectors.Vector v)
      throws IOException {
    List<Oops> found = OopsLogParser.parse(new ByteArrayInputStream(v.input()));

    List<Oops> incomplete = found.stream().filter(o -> !o.complete()).toList();
    assertThat(incomplete).hasSizeLessThanOrEqualTo(1);
    if (!incomplete.isEmpty()) {
      assertThat(found.get(found.size() - 1)).isSameAs(incomplete.get(0));
    }
  }
}
