package org.telemetrics.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The record rules of the C library (reference §2, §9.6), with our corrections. */
class RecordRulesTest {
  static final HostInfo HOST =
      new HostInfo(
          "x86_64",
          "no_sv_file|no_pn_file|no_pvr_file",
          "12",
          "6.1.0",
          "debian",
          "no_bn_file|no_bv_file",
          "AMD EPYC",
          "no_bv_file");

  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  static String rule(Runnable r) {
    try {
      r.run();
      return "ok";
    } catch (InvalidRecordException e) {
      return e.rule();
    }
  }

  @Test
  void everySegmentMayHaveFortyCharactersButNotFortyOne() {
    assertThat(rule(() -> RecordRules.checkClassification(repeat('a', 40) + "/b/c")))
        .isEqualTo("ok");
    // C accepts 41 in the first segment (off-by-one); the backend doesn't, so neither do we.
    assertThat(rule(() -> RecordRules.checkClassification(repeat('a', 41) + "/b/c")))
        .isEqualTo("classification.segment-length");
    assertThat(rule(() -> RecordRules.checkClassification("a/" + repeat('b', 41) + "/c")))
        .isEqualTo("classification.segment-length");
    assertThat(rule(() -> RecordRules.checkClassification("a/b/" + repeat('c', 41))))
        .isEqualTo("classification.segment-length");
  }

  @Test
  void totalLengthIsAtMost122() {
    String c122 = repeat('a', 40) + "/" + repeat('b', 40) + "/" + repeat('c', 40);
    assertThat(c122).hasSize(122);
    assertThat(rule(() -> RecordRules.checkClassification(c122))).isEqualTo("ok");
    assertThat(rule(() -> RecordRules.checkClassification(c122 + "c")))
        .isEqualTo("classification.length");
  }

  @ParameterizedTest
  @ValueSource(strings = {"t/t", "t/t/t/t", "x/y/z/", "abc", ""})
  void classificationNeedsExactlyTwoSlashes(String c) {
    assertThat(rule(() -> RecordRules.checkClassification(c))).startsWith("classification.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"//", "a//b", "t/t/t", "org.clearlinux/hello/world"})
  void validClassifications(String c) {
    assertThat(rule(() -> RecordRules.checkClassification(c))).isEqualTo("ok");
  }

  @Test
  void classificationMustBePrintableAscii() {
    assertThat(rule(() -> RecordRules.checkClassification("a/b/\u00e9")))
        .isEqualTo("classification.charset");
    assertThat(rule(() -> RecordRules.checkClassification("a/b\t/c")))
        .isEqualTo("classification.charset");
  }

  @Test
  void severityIsClamped() {
    assertThat(RecordBuilder.create("t/t/t", HOST).severity(0).build().severity()).isEqualTo("1");
    assertThat(RecordBuilder.create("t/t/t", HOST).severity(5).build().severity()).isEqualTo("4");
    assertThat(RecordBuilder.create("t/t/t", HOST).severity(3).build().severity()).isEqualTo("3");
  }

  @Test
  void eventIdVectorsFromTheCTests() {
    TelemetryRecord r =
        RecordBuilder.create("t/t/t", HOST).eventId("aaaaaa00000033333344444466666622").build();
    assertThat(r.headerText()).contains("event_id: aaaaaa00000033333344444466666622\n");
    assertThat(rule(() -> RecordRules.checkEventId("aaaaaa000000333333444444666666ZZ")))
        .isEqualTo("event-id.charset");
    assertThat(rule(() -> RecordRules.checkEventId("AAAAAA00000033333344444466666622")))
        .isEqualTo("event-id.charset");
    assertThat(rule(() -> RecordRules.checkEventId(null))).isEqualTo("event-id.length");
    assertThat(rule(() -> RecordRules.checkEventId("aaaa"))).isEqualTo("event-id.length");
    assertThat(rule(() -> RecordRules.checkEventId(repeat('0', 43)))).isEqualTo("event-id.length");
  }

  @Test
  void generatedEventIdsAreRandomLowercaseHex() {
    String a = RecordBuilder.create("t/t/t", HOST).build().eventId();
    String b = RecordBuilder.create("t/t/t", HOST).build().eventId();
    assertThat(a).matches("[0-9a-f]{32}");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void payloadOf8192BytesIsAcceptedAnd8193IsNot() {
    assertThat(rule(() -> RecordRules.checkPayload(repeat('x', 8192)))).isEqualTo("ok");
    assertThat(rule(() -> RecordRules.checkPayload(repeat('x', 8193)))).isEqualTo("payload.size");
    // Size counts UTF-8 bytes, not characters: 4097 two-byte characters are 8194 bytes.
    assertThat(rule(() -> RecordRules.checkPayload(repeat('\u00e9', 4097))))
        .isEqualTo("payload.size");
  }

  @Test
  void aPayloadIsCutOnlyBetweenUtf8Sequences() {
    byte[] text = "ab\u00e9\u4e2d".getBytes(StandardCharsets.UTF_8); // 1+1+2+3 bytes
    assertThat(RecordRules.utf8PrefixLength(text, 7)).isEqualTo(7);
    assertThat(RecordRules.utf8PrefixLength(text, 6)).isEqualTo(4);
    assertThat(RecordRules.utf8PrefixLength(text, 5)).isEqualTo(4);
    assertThat(RecordRules.utf8PrefixLength(text, 3)).isEqualTo(2);
    assertThat(RecordRules.utf8PrefixLength(text, 100)).isEqualTo(7);
  }

  @Test
  void payloadAllowsTabCrLfAndUtf8ButNoOtherControls() {
    assertThat(rule(() -> RecordRules.checkPayload("a\tb\r\nc \u00e9\u4e2d\ud83d\ude00")))
        .isEqualTo("ok");
    for (char c : new char[] {0, 1, 0x0b, 0x0c, 0x1b, 0x7f, 0x85}) {
      assertThat(rule(() -> RecordRules.checkPayload("a" + c)))
          .as("char %x", (int) c)
          .isEqualTo("payload.control-character");
    }
  }

  @Test
  void payloadMustBeValidUtf8() {
    byte[][] invalid = {
      {(byte) 0xc3},
      {(byte) 0xff},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xc0, (byte) 0xaf},
      "ok".getBytes(StandardCharsets.UTF_8)
    };
    for (int i = 0; i < invalid.length - 1; i++) {
      byte[] bytes = invalid[i];
      assertThat(rule(() -> RecordRules.checkPayload(bytes))).isEqualTo("payload.utf8");
    }
    assertThat(rule(() -> RecordRules.checkPayload(invalid[invalid.length - 1]))).isEqualTo("ok");
  }

  @Test
  void createdRecordCarriesTheCHeadersInOrder() {
    TelemetryRecord r =
        RecordBuilder.create("t/t/t", HOST)
            .severity(1)
            .payloadFormatVersion(2000)
            .creationTimestamp(1_700_000_000L)
            .eventId(repeat('a', 32))
            .payload("hi")
            .build();
    assertThat(r.headerText())
        .isEqualTo(
            """
        record_format_version: 4
        classification: t/t/t
        severity: 1
        machine_id: FFFFFFFF
        creation_timestamp: 1700000000
        arch: x86_64
        host_type: no_sv_file|no_pn_file|no_pvr_file
        build: 12
        kernel_version: 6.1.0
        payload_format_version: 2000
        system_name: debian
        board_name: no_bn_file|no_bv_file
        cpu_model: AMD EPYC
        bios_version: no_bv_file
        event_id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        """);
    assertThat(r.toText()).isEqualTo(r.headerText() + "hi\n");
  }

  @Test
  void payloadFormatVersionStaysBelowTheBackendsLimit() {
    assertThat(rule(() -> RecordBuilder.create("t/t/t", HOST).payloadFormatVersion(2147483646L)))
        .isEqualTo("ok");
    assertThat(rule(() -> RecordBuilder.create("t/t/t", HOST).payloadFormatVersion(2147483647L)))
        .isEqualTo("payload-format-version.range");
    TelemetryRecord r = RecordBuilder.create("t/t/t", HOST).build();
    java.util.List<String> values = new java.util.ArrayList<>(r.headerValues());
    values.set(Header.PAYLOAD_FORMAT_VERSION.ordinal(), "4294967295");
    assertThat(rule(() -> RecordRules.validate(TelemetryRecord.of(values, ""))))
        .isEqualTo("payload-format-version.range");
  }

  @Test
  void creationTimestampIsNowInEpochSeconds() {
    long before = System.currentTimeMillis() / 1000;
    long ts = Long.parseLong(RecordBuilder.create("t/t/t", HOST).build().creationTimestamp());
    assertThat(ts).isBetween(before, System.currentTimeMillis() / 1000);
  }

  @Test
  void theExceptionNamesTheRule() {
    assertThatThrownBy(() -> RecordBuilder.create("t/t", HOST))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("two '/'");
  }
}
