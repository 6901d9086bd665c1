package org.telemetrics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telemetrics.configfile.ConfigLoader;

/**
 * Values of the right type that cannot work are refused when the file is read, with file, line, key
 * and reason: the one check telemctl config check and the daemons at start share.
 */
class ConfigDomainTest {
  @TempDir Path dir;

  Path write(String settings) throws Exception {
    Path file = dir.resolve("telemetrics.conf");
    Files.writeString(file, "[settings]\n" + settings + "\n");
    return file;
  }

  /** The one error of a file whose second line sets {@code key=value}. */
  String refusal(String key, String value) throws Exception {
    Path file = write(key + "=" + value);
    List<ConfigException> errors = ConfigLoader.check(file);
    assertThat(errors).as(key + "=" + value).hasSize(1);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(errors.get(0).getMessage());
    assertThat(errors.get(0).getMessage()).startsWith(file + ":2: " + key + ": ");
    return errors.get(0).getMessage().substring((file + ":2: " + key + ": ").length());
  }

  @Test
  void theValuesOfTheFieldReportAreRefusedWithFileAndLine() throws Exception {
    assertThat(refusal("server", "file:///etc/passwd"))
        .isEqualTo("\"file:///etc/passwd\" is not an http or https URL");
    assertThat(refusal("server", "http://[::1")).startsWith("\"http://[::1\" is not a URL: ");
    assertThat(refusal("tidheader", "X-Telemetry-TID: abc\rX-Injected: 1"))
        .isEqualTo(
            "the value of header X-Telemetry-TID contains the character U+000D"
                + " (only visible ASCII, spaces and tabs)");
    assertThat(refusal("tidheader", "NoColonHere"))
        .isEqualTo("\"NoColonHere\" is not a header line \"Name: value\"");
    assertThat(refusal("spool_max_size", "-5"))
        .isEqualTo("value -5 is out of range: -1 (unlimited) or 0..9007199254740991");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "server|http:///collector",
        "server|ftp://example.com/",
        "server|example.com/collector",
        "server|http://example.com:0/",
        "server|http://example.com:99999/",
        "server|http://exa mple.com/",
        "proxy|http://proxy.example",
        "proxy|https://proxy.example:3128",
        "proxy|proxy.example:3128",
        "tidheader|X Tid: abc",
        "tidheader|: abc",
        "tidheader|X-Tid:",
        "tidheader|X-Tid: caf\u00e9",
        "tidheader|X-Tid: a\u0001b",
        "cainfo|certs/ca.pem",
        "client_cert|client.pem",
        "client_key|client.key",
        "staging_max_size|-2",
        "record_burst_limit|-3",
        "byte_burst_limit|-100",
        "crash_allow|/usr/bin/[a",
        "crash_deny|/usr/{bin",
        "spool_dir|var/spool",
        "record_expiry|0",
        "spool_keep_free|100",
        "klogscanner_state_file|var/lib/klog",
        "klogscanner_flood_limit|-1",
        "journalprobe_cursor_file|state",
        "crash_source|coredump",
        "crash_coredump_cursor_file|cursor",
        "usage_log|usage.log",
        "usage_log|fd:x",
        "usage_log|fd:",
        "usage_db|usage.db",
        "usage_retention_days|0",
        "usage_retention_days|3651",
      })
  void aValueOutsideItsKeysDomainIsRefused(String key, String value) throws Exception {
    assertThat(refusal(key, value)).isNotBlank();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "server|''",
        "server|https://clr.telemetry.intel.com/v3/collector",
        "server|HTTP://127.0.0.1:8080/v3/collector",
        "server|http://[::1]:8080/v3/collector",
        "proxy|http://proxy.example:3128",
        "tidheader|''",
        "tidheader|X-Telemetry-TID:\\s6907c830-eed9-4ce9-81ae-76daf8d88f0f",
        "tidheader|X-Tid: a\tb",
        "cainfo|/etc/ssl/ca.pem",
        "spool_max_size|-1",
        "spool_max_size|0",
        "staging_max_size|-1",
        "record_burst_limit|0",
        "crash_allow|/usr/bin/*,/usr/lib/**",
        "klogscanner_flood_limit|0",
        "crash_source|systemd-coredump",
        "crash_source|CORE_PATTERN",
        "usage_log|''",
        "usage_log|fd:3",
        "usage_log|/tmp/usage.log",
        "usage_db|''",
        "usage_db|/tmp/usage.db",
        "blur_usage|0",
        "blur_usage|3600",
      })
  void aValueInsideItsKeysDomainIsAccepted(String key, String value) throws Exception {
    assertThat(ConfigLoader.check(write(key + "=" + value))).isEmpty();
  }

  @Test
  void aUsageLogThatNamesNoFileOrANegativeBlurIsRefused() throws Exception {
    assertThat(refusal("usage_log", "/")).isEqualTo("\"/\" names no file");
    assertThat(refusal("usage_log", "usage.log"))
        .isEqualTo("\"usage.log\" is not an absolute path");
    assertThat(refusal("blur_usage", "-60")).startsWith("value -60 is out of range");
  }

  @Test
  void aUsageLogInADirectoryNotThereYetIsValid() throws Exception {
    // at boot the generator checks the file before a later file system is mounted
    assertThat(ConfigLoader.check(write("usage_log=" + dir + "/not-mounted-yet/usage.log")))
        .isEmpty();
  }

  @Test
  void aSocketPathLongerThanTheKernelTakesIsRefused() throws Exception {
    String path = "/run/" + "d".repeat(100) + "/telem-0";
    assertThat(refusal("socket_path", path))
        .isEqualTo("path is 113 bytes long; a Unix socket path has at most 107");
  }

  @Test
  void everyDefaultIsInsideItsKeysDomain() {
    for (ConfigKey<?> key : ConfigKeys.all()) {
      key.validate(key.defaultValue());
      assertThat(key.parse(key.formatUnchecked(key.defaultValue())))
          .as(key.name())
          .isEqualTo(key.defaultValue());
    }
  }

  @Test
  void aLoadReportsEveryErrorAsCheckDoes() throws Exception {
    Path file = write("server=file:///etc/passwd\ntidheader=NoColonHere\nspool_max_size=-5");
    List<String> checked =
        ConfigLoader.check(file).stream().map(ConfigException::getMessage).toList();

    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> ConfigLoader.load(Optional.of(file), dir));

    assertThat(checked).hasSize(3);
    assertThat(e.messages()).isEqualTo(checked);
  }

  @Test
  void controlCharactersInAValueAreEscapedInTheMessage() throws Exception {
    Path file = write("rate_limit_strategy=sp\u001bool\rx");
    String message = ConfigLoader.check(file).get(0).getMessage();
    assertThat(message).contains("sp\\x1bool\\rx").doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void valuesSetInCodeAreCheckedAsIfReadFromAFile() {
    TelemetryConfig defaults = TelemetryConfig.defaults(dir);
    assertThatThrownBy(() -> defaults.with(Map.of(ConfigKeys.SERVER, "file:///etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("server: ");
    assertThatThrownBy(() -> defaults.with(Map.of(ConfigKeys.SPOOL_MAX_SIZE, -5L)))
        .hasMessageStartingWith("spool_max_size: ");
    assertThat(defaults.with(Map.of(ConfigKeys.SPOOL_MAX_SIZE, -1L)).get(ConfigKeys.SPOOL_MAX_SIZE))
        .isEqualTo(-1L);
  }
}
