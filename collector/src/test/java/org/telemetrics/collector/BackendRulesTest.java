package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the backend, its message and its place in the order. */
class BackendRulesTest {
  private final BackendRules rules = BackendRules.withDefaultTid();

  private Optional<String> check(ValidRecord r) {
    return rules.firstViolation(r.headers());
  }

  @Test
  void theReferenceRecordIsAccepted() {
    assertThat(check(new ValidRecord())).isEmpty();
  }

  @Test
  void everyVersionIsAcceptedWithItsOwnHeaders() {
    for (int v = 1; v <= 4; v++) {
      ValidRecord r = new ValidRecord().version(v);
      if (v == 1) { // the backend reads both even though version 1 does not require them
        r.set("System-Name", "debian").set("Payload-Format-Version", "1");
      }
      assertThat(check(r)).as("version %d", v).isEmpty();
    }
  }

  // ---- rule 1: telemetry id ----

  @Test
  void aMissingTidIsAMismatch() {
    assertThat(check(new ValidRecord().remove("X-Telemetry-TID")))
        .contains("Telemetry ID mismatch");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "6907C830-EED9-4CE9-81AE-76DAF8D88F0F",
        "",
        "6907c830-eed9-4ce9-81ae-76daf8d88f0",
        "6907c830-eed9-4ce9-81ae-76daf8d88f0f0"
      })
  void theTidMustMatchExactly(String tid) {
    assertThat(check(new ValidRecord().set("X-Telemetry-TID", tid)))
        .contains("Telemetry ID mismatch");
  }

  @Test
  void theTidIsConfigurable() {
    BackendRules own = new BackendRules("my-deployment");

    assertThat(own.firstViolation(new ValidRecord().headers())).contains("Telemetry ID mismatch");
    assertThat(
            own.firstViolation(new ValidRecord().set("X-Telemetry-TID", "my-deployment").headers()))
        .isEmpty();
  }

  @Test
  void aRepeatedTidHeaderIsJoinedAndSoMismatches() {
    List<String> lines = new java.util.ArrayList<>(new ValidRecord().lines());
    lines.add("X-Telemetry-TID: " + BackendRules.DEFAULT_TID);

    assertThat(rules.firstViolation(lines)).contains("Telemetry ID mismatch");
  }

  @Test
  void theTidRuleComesFirst() {
    ValidRecord r =
        new ValidRecord()
            .set("X-Telemetry-TID", "x")
            .set("Record-Format-Version", "9")
            .set("Severity", "7");

    assertThat(check(r)).contains("Telemetry ID mismatch");
  }

  // ---- rule 2: record format version ----

  @ParameterizedTest
  @ValueSource(strings = {"0", "5", "40", "a", "", "4.0", "-1", "+4", " 4x", "v4"})
  void theRecordFormatVersionIsDigitsFromOneToFour(String value) {
    assertThat(check(new ValidRecord().set("Record-Format-Version", value)))
        .contains("Record-Format-Version is invalid");
  }

  @Test
  void aMissingRecordFormatVersionIsInvalid() {
    assertThat(check(new ValidRecord().remove("Record-Format-Version")))
        .contains("Record-Format-Version is invalid");
  }

  @Test
  void superscriptDigitsPassIsdigitButNotInt() {
    assertThat(check(new ValidRecord().set("Record-Format-Version", "\u00b2")))
        .contains(
            "Error parsing record_format_version, invalid literal for int() with base 10:"
                + " '\u00b2'");
  }

  // ---- rule 3: required headers ----

  @ParameterizedTest
  @CsvSource({
    "4, Event-Id",
    "3, Board-Name",
    "3, Bios-Version",
    "3, Cpu-Model",
    "2, System-Name",
    "2, Payload-Format-Version",
    "1, Arch",
    "1, Build",
    "1, Creation-Timestamp",
    "1, Classification",
    "1, Host-Type",
    "1, Kernel-Version",
    "1, Machine-Id",
    "1, Severity"
  })
  void eachVersionRequiresItsHeaders(int version, String header) {
    ValidRecord r = new ValidRecord().version(version).remove(header);
    if (version == 1 && !header.equals("System-Name")) {
      r.set("System-Name", "debian").set("Payload-Format-Version", "1");
    }

    assertThat(check(r))
        .contains("Record-Format-Version headers are invalid, " + header + " missing");
  }

  @Test
  void missingHeadersAreReportedInTheBackendsOrder() {
    ValidRecord r = new ValidRecord().remove("Event-Id").remove("Build").remove("Cpu-Model");

    assertThat(check(r)).contains("Record-Format-Version headers are invalid, Build missing");
  }

  @Test
  void headersOfHigherVersionsAreNotRequiredByLowerOnes() {
    ValidRecord r = new ValidRecord().version(3);

    assertThat(check(r)).isEmpty();
  }

  @Test
  void namesMatchCaseInsensitivelyAndUnderscoreEqualsDash() {
    List<String> lines = new java.util.ArrayList<>();
    new ValidRecord()
        .asMap()
        .forEach(
            (k, v) ->
                lines.add(
                    (k.startsWith("X-")
                            ? k
                            : k.toLowerCase(java.util.Locale.ROOT).replace('-', '_'))
                        + ": "
                        + v));

    assertThat(rules.firstViolation(lines)).isEmpty();
  }

  // ---- rules 4 to 10 ----

  @ParameterizedTest
  @ValueSource(strings = {"0", "5", "", "-1", "+1", "1.0", "one", "11"})
  void severityIsOneToFour(String value) {
    assertThat(check(new ValidRecord().set("Severity", value)))
        .contains("severity value is out of range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "3", "4", "04"})
  void severityAcceptsOneToFour(String value) {
    assertThat(check(new ValidRecord().set("Severity", value))).isEmpty();
  }

  @Test
  void severityOfSuperscriptsIsAParseError() {
    assertThat(check(new ValidRecord().set("Severity", "\u00b9")))
        .contains("Error parsing severity, invalid literal for int() with base 10: '\u00b9'");
  }

  @Test
  void severityOfMoreDigitsThanPythonConvertsIsAParseErrorInPythonsWords() {
    assertThat(check(new ValidRecord().set("Severity", "0".repeat(4299) + "1"))).isEmpty();
    assertThat(check(new ValidRecord().set("Severity", "0".repeat(4300) + "1")))
        .contains(
            "Error parsing severity, Exceeds the limit (4300 digits) for integer string"
                + " conversion: value has 4301 digits; use sys.set_int_max_str_digits() to"
                + " increase the limit");
  }

  @Test
  void aCreationTimestampOfMoreDigitsThanPythonConvertsIsInvalid() {
    assertThat(check(new ValidRecord().set("Creation-Timestamp", "1".repeat(60_000))))
        .contains("timestamp is invalid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a/b/c/d", "abc", "", "/"})
  void classificationHasExactlyThreeParts(String value) {
    assertThat(check(new ValidRecord().set("Classification", value)))
        .contains("Classification value is invalid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"//", "a//c", "x y/ z /?"})
  void classificationPartsMayBeAnything(String value) {
    assertThat(check(new ValidRecord().set("Classification", value))).isEmpty();
  }

  @Test
  void machineIdIsAtMost32Characters() {
    assertThat(check(new ValidRecord().set("Machine-Id", "a".repeat(33))))
        .contains("Machine id value is invalid");
    assertThat(check(new ValidRecord().set("Machine-Id", "z".repeat(32)))).isEmpty();
    assertThat(check(new ValidRecord().set("Machine-Id", ""))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "", "1e9", "now", "\u00b2"})
  void creationTimestampIsDigitsOnly(String value) {
    assertThat(check(new ValidRecord().set("Creation-Timestamp", value)))
        .contains("timestamp is invalid");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "armv7l", "armv6l", "aarch64", "amd64", "sparc64", "ppc64", "i686", "i386", "x86_64", "ppc"
      })
  void theTenArchitecturesAreAccepted(String arch) {
    assertThat(check(new ValidRecord().set("Arch", arch))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm64", "ppc64le", "riscv64", "s390x", "X86_64", ""})
  void otherArchitecturesAreRejected(String arch) {
    assertThat(check(new ValidRecord().set("Arch", arch))).contains("architecture is invalid");
  }

  @Test
  void hostTypeIsShorterThan250() {
    assertThat(check(new ValidRecord().set("Host-Type", "h".repeat(249)))).isEmpty();
    assertThat(check(new ValidRecord().set("Host-Type", "h".repeat(250))))
        .contains("host type is invalid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"6.1.0-18-amd64", "6.18.44-fc-v657", "6.1.", "4.19.0", "10.0.x"})
  void kernelVersionsWithTwoNumericFieldsAreAccepted(String value) {
    assertThat(check(new ValidRecord().set("Kernel-Version", value))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"6.1", "6.1-rc1", "6", "", "v6.1.0", "6.x.0", ".1.0", "6..0"})
  void kernelVersionsWithoutTwoNumericFieldsAreRejected(String value) {
    assertThat(check(new ValidRecord().set("Kernel-Version", value)))
        .contains("kernel version is invalid");
  }

  // ---- rule 11: version 3 fields ----

  @ParameterizedTest
  @CsvSource({
    "Board-Name, board name is invalid",
    "Cpu-Model, cpu model is invalid",
    "Bios-Version, BIOS version is invalid"
  })
  void version3FieldsArePrintableAsciiShorterThan200(String header, String message) {
    assertThat(check(new ValidRecord().set(header, "b".repeat(199)))).isEmpty();
    assertThat(check(new ValidRecord().set(header, "b".repeat(200)))).contains(message);
    assertThat(check(new ValidRecord().set(header, "Caf\u00e9"))).contains(message);
    assertThat(check(new ValidRecord().set(header, "a\u0001b"))).contains(message);
  }

  @Test
  void version3FieldsAreCheckedInTheBackendsOrder() {
    ValidRecord r = new ValidRecord().set("Bios-Version", "\u00e9").set("Cpu-Model", "\u00e9");

    assertThat(check(r)).contains("cpu model is invalid");
  }

  @Test
  void version2RecordsSkipTheVersion3Checks() {
    ValidRecord r = new ValidRecord().version(2).set("Board-Name", "\u00e9".repeat(300));

    assertThat(check(r)).isEmpty();
  }

  // ---- rule 12: event id ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "g123456789abcdef0123456789abcdef",
        ""
      })
  void eventIdIs32LowercaseHexDigits(String value) {
    assertThat(check(new ValidRecord().set("Event-Id", value))).contains("Event id is invalid");
  }

  @Test
  void version3RecordsSkipTheEventIdCheck() {
    assertThat(check(new ValidRecord().version(3).set("Event-Id", "nope"))).isEmpty();
  }

  // ---- rule 13: build ----

  @ParameterizedTest
  @ValueSource(strings = {"12", "\"12\"", "'31000'"})
  void clearLinuxBuildsAreNumbers(String build) {
    assertThat(check(new ValidRecord().set("System-Name", "clear-linux-os").set("Build", build)))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"12a", "1.2", "", "\"\""})
  void clearLinuxBuildsWithOtherCharactersAreRejected(String build) {
    assertThat(
            check(new ValidRecord().set("System-Name", "\"clear-linux-os\"").set("Build", build)))
        .contains("Clear Linux OS build version has invalid characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12", "1.2-beta_3", "\"bookworm\"", "2024.11", "A-Z"})
  void otherBuildsUseTheOsReleaseAlphabet(String build) {
    assertThat(check(new ValidRecord().set("Build", build))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1 2", "12+1", "", "build/1", "\u00e91"})
  void otherBuildsWithOtherCharactersAreRejected(String build) {
    assertThat(check(new ValidRecord().set("Build", build)))
        .contains("Build version has invalid characters");
  }

  // ---- rule 14: payload format version ----

  @ParameterizedTest
  @ValueSource(strings = {"1", "0", "-5", "2147483646", "1_0", "007"})
  void payloadFormatVersionIsAnIntegerBelowTheDatabaseMaximum(String value) {
    assertThat(check(new ValidRecord().set("Payload-Format-Version", value))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2147483647", "4294967295", "99999999999999999999"})
  void payloadFormatVersionAtOrAboveTheMaximumIsOutOfRange(String value) {
    assertThat(check(new ValidRecord().set("Payload-Format-Version", value)))
        .contains("Payload format version outside of range supported");
  }

  @Test
  void aNonIntegerPayloadFormatVersionIsAParseError() {
    assertThat(check(new ValidRecord().set("Payload-Format-Version", "1.0")))
        .contains(
            "Error parsing payload_format_version, invalid literal for int() with base 10:"
                + " '1.0'");
    assertThat(check(new ValidRecord().set("Payload-Format-Version", "it's")))
        .contains(
            "Error parsing payload_format_version, invalid literal for int() with base 10:"
                + " \"it's\"");
  }

  @Test
  void aVersion1RecordWithoutPayloadFormatVersionIsAParseError() {
    ValidRecord r = new ValidRecord().version(1).set("System-Name", "debian");

    assertThat(check(r))
        .contains(
            "Error parsing payload_format_version, int() argument must be"
                + " a string, a bytes-like object or a real number, not 'NoneType'");
  }

  @Test
  void aVersion1RecordWithoutSystemNameIsRejectedWhereTheBackendWouldFail() {
    ValidRecord r = new ValidRecord().version(1).set("Payload-Format-Version", "1");

    assertThat(check(r)).contains("System-Name missing");
  }

  @Test
  void systemNameHasNoValueCheck() {
    assertThat(check(new ValidRecord().set("System-Name", "\u00e9 anything at all"))).isEmpty();
  }
}
