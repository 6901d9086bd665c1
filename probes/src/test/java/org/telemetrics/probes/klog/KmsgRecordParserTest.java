package org.telemetrics.probes.klog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KmsgRecordParserTest {
  @Test
  void readsThePrefixFieldsAndTheMessage() throws KmsgFormatException {
    KmsgRecord r =
        KmsgRecordParser.parse(
            "4,1234,5678901,-;WARNING: CPU: 1 PID: 0 at net/sched/sch_generic.c:303", List.of());

    assertThat(r.priority()).isEqualTo(4);
    assertThat(r.level()).isEqualTo(4);
    assertThat(r.fromKernel()).isTrue();
    assertThat(r.sequence()).isEqualTo(1234);
    assertThat(r.timestampMicros()).isEqualTo(5678901);
    assertThat(r.flags()).isEqualTo("-");
    assertThat(r.message()).isEqualTo("WARNING: CPU: 1 PID: 0 at net/sched/sch_generic.c:303");
  }

  @Test
  void keepsLeadingSpacesSemicolonsAndEscapesOfTheMessage() throws KmsgFormatException {
    KmsgRecord r =
        KmsgRecordParser.parse("6,1,2,c,future;  dump_stack+0x19/0x1b; \\x1b", List.of());

    assertThat(r.message()).isEqualTo("  dump_stack+0x19/0x1b; \\x1b");
    assertThat(r.flags()).isEqualTo("c");
  }

  @Test
  void readsContinuationLinesAsProperties() throws KmsgFormatException {
    KmsgRecord r =
        KmsgRecordParser.parse(
            "3,9,10,-;pci 0000:00:01.0: oops",
            List.of(" SUBSYSTEM=pci", " DEVICE=+pci:0000:00:01.0"));

    assertThat(r.properties()).isEqualTo(Map.of("SUBSYSTEM", "pci", "DEVICE", "+pci:0000:00:01.0"));
  }

  @Test
  void tellsAProgramsMessageFromTheKernels() throws KmsgFormatException {
    assertThat(KmsgRecordParser.parse("30,1,2,-;BUG: written by a program", List.of()).fromKernel())
        .isFalse();
  }

  @Test
  void refusesANineteenDigitNumberAboveTheLargestLong() throws KmsgFormatException {
    assertThat(KmsgRecordParser.parse("4,9223372036854775807,2,-;m", List.of()).sequence())
        .isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> KmsgRecordParser.parse("4,9999999999999999994,2,-;m", List.of()))
        .isInstanceOf(KmsgFormatException.class)
        .hasMessage("sequence number '9999999999999999994' is out of range");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no semicolon at all",
        "4,1,2;three fields",
        "x,1,2,-;priority",
        "4,-1,2,-;negative sequence",
        "4,99999999999999999999,2,-;sequence too long",
        "4,1,,-;empty timestamp",
        "4096,1,2,-;priority out of range",
        ";empty prefix"
      })
  void refusesRecordsNotInTheFormat(String header) {
    assertThatThrownBy(() -> KmsgRecordParser.parse(header, List.of()))
        .isInstanceOf(KmsgFormatException.class)
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesAContinuationLineWithoutKeyAndValue() {
    assertThatThrownBy(() -> KmsgRecordParser.parse("4,1,2,-;m", List.of(" novalue")))
        .isInstanceOf(KmsgFormatException.class);
  }

  private static List<KmsgEvent> readAll(InputStream in) throws IOException {
    KmsgReader reader = new KmsgReader(in);
    List<KmsgEvent> out = new ArrayList<>();
    for (KmsgEvent e = reader.next(); e != null; e = reader.next()) {
      out.add(e);
    }
    return out;
  }

  @Test
  void theReaderGroupsContinuationLinesWithTheirRecordAndReportsBadOnes() throws IOException {
    String text =
        "6,1,10,-;first\n SUBSYSTEM=pci\n DEVICE=+pci:1\n" + "garbage line\n" + "6,2,20,-;second\n";

    List<KmsgEvent> events =
        readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));

    assertThat(events).hasSize(3);
    KmsgRecord first = ((KmsgEvent.Record) events.get(0)).record();
    assertThat(first.properties()).containsEntry("SUBSYSTEM", "pci").hasSize(2);
    assertThat(((KmsgEvent.Malformed) events.get(1)).reason()).contains("garbage line");
    assertThat(((KmsgEvent.Record) events.get(2)).record().message()).isEqualTo("second");
  }

  @Test
  void aContinuationLineWithoutItsRecordIsReportedAsBad() throws IOException {
    List<KmsgEvent> events =
        readAll(new ByteArrayInputStream(" KEY=value\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(events).singleElement().isInstanceOf(KmsgEvent.Malformed.class);
  }

  @Test
  void aBrokenPipeFromTheKernelMeansRecordsWereOverwritten() throws IOException {
    InputStream kmsg =
        new InputStream() {
          private int reads;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            reads++;
            if (reads == 1) {
              throw new IOException("Broken pipe");
            }
            if (reads == 2) {
              byte[] rec = "6,50,10,-;after the gap\n".getBytes(StandardCharsets.UTF_8);
              System.arraycopy(rec, 0, b, off, rec.length);
              return rec.length;
            }
            return -1;
          }
        };

    List<KmsgEvent> events = readAll(kmsg);

    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isInstanceOf(KmsgEvent.Overwritten.class);
    assertThat(((KmsgEvent.Record) events.get(1)).record().sequence()).isEqualTo(50);
  }
}
