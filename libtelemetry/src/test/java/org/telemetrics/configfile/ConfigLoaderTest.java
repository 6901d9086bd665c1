package org.telemetrics.configfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;

/** Mirrors the C client's configuration tests (reference §9.1) with files written here. */
class ConfigLoaderTest {
  static final String EXAMPLE =
      """
      # example.conf of the C test suite
      [settings]
      server=http://127.0.0.1
      cainfo=/tmp/cacert.crt
      tidheader=X-Telemetry-TID:\\s6907c830-eed9-4ce9-81ae-76daf8d88f0f
      socket_path=/tmp/test_telem_socket
      record_expiry=1200
      spool_dir=/tmp/spool
      spool_max_size=1024
      spool_process_time=180
      record_burst_limit=100
      record_window_length = 15
      byte_burst_limit = 1000
      byte_window_length=20
      rate_limit_enabled=true
      rate_limit_strategy=spool
      daemon_recycling_enabled=true
      """;

  @TempDir Path dir;

  TelemetryConfig load(String text) throws Exception {
    Path file = dir.resolve("telemetrics.conf");
    Files.writeString(file, text);
    return ConfigLoader.load(Optional.of(file), dir);
  }

  ConfigException error(String text) {
    try {
      load(text);
    } catch (ConfigException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + text);
  }

  @Test
  void aFileSavedWithAByteOrderMarkAndCrlfIsReadLikeAnyOther() throws Exception {
    TelemetryConfig config =
        load("\uFEFF[settings]\r\nserver=http://127.0.0.1/bom\r\nspool_max_size=1024\r\n");
    assertThat(config.get(ConfigKeys.SERVER)).isEqualTo("http://127.0.0.1/bom");
    assertThat(config.get(ConfigKeys.SPOOL_MAX_SIZE)).isEqualTo(1024L);
    // anywhere else it is a character like any other: the line is an error
    assertThat(error("[settings]\n\uFEFFserver=http://127.0.0.1\n").messages())
        .anyMatch(m -> m.contains(":2:"));
  }

  @Test
  void readsEveryValueOfTheCExample() throws Exception {
    TelemetryConfig c = load(EXAMPLE);
    assertThat(c.get(ConfigKeys.SERVER)).isEqualTo("http://127.0.0.1");
    assertThat(c.get(ConfigKeys.CAINFO)).isEqualTo("/tmp/cacert.crt");
    assertThat(c.get(ConfigKeys.TIDHEADER))
        .isEqualTo("X-Telemetry-TID: 6907c830-eed9-4ce9-81ae-76daf8d88f0f");
    assertThat(c.path(ConfigKeys.SOCKET_PATH)).isEqualTo(Path.of("/tmp/test_telem_socket"));
    assertThat(c.path(ConfigKeys.SPOOL_DIR)).isEqualTo(Path.of("/tmp/spool"));
    assertThat(c.get(ConfigKeys.RECORD_EXPIRY)).isEqualTo(1200);
    assertThat(c.get(ConfigKeys.SPOOL_MAX_SIZE)).isEqualTo(1024);
    assertThat(c.get(ConfigKeys.SPOOL_PROCESS_TIME)).isEqualTo(180);
    assertThat(c.get(ConfigKeys.RECORD_BURST_LIMIT)).isEqualTo(100);
    assertThat(c.get(ConfigKeys.RECORD_WINDOW_LENGTH)).isEqualTo(15);
    assertThat(c.get(ConfigKeys.BYTE_BURST_LIMIT)).isEqualTo(1000);
    assertThat(c.get(ConfigKeys.BYTE_WINDOW_LENGTH)).isEqualTo(20);
    assertThat(c.get(ConfigKeys.RATE_LIMIT_ENABLED)).isTrue();
    assertThat(c.get(ConfigKeys.RATE_LIMIT_STRATEGY)).isEqualTo("spool");
    assertThat(c.get(ConfigKeys.DAEMON_RECYCLING_ENABLED)).isTrue();
  }

  @Test
  void withoutAnyFileEveryKeyHasItsDefault() {
    TelemetryConfig c = TelemetryConfig.defaults(dir);
    assertThat(c.get(ConfigKeys.SPOOL_PROCESS_TIME)).isEqualTo(120);
    assertThat(c.get(ConfigKeys.RECORD_EXPIRY)).isEqualTo(1200);
    assertThat(c.get(ConfigKeys.SPOOL_MAX_SIZE)).isEqualTo(5120);
    assertThat(c.get(ConfigKeys.RECORD_BURST_LIMIT)).isEqualTo(1000);
    assertThat(c.get(ConfigKeys.BYTE_BURST_LIMIT)).isEqualTo(-1);
    assertThat(c.get(ConfigKeys.RECORD_WINDOW_LENGTH)).isEqualTo(15);
    assertThat(c.get(ConfigKeys.BYTE_WINDOW_LENGTH)).isEqualTo(20);
    assertThat(c.get(ConfigKeys.RATE_LIMIT_STRATEGY)).isEqualTo("spool");
    assertThat(c.get(ConfigKeys.RECORD_RETENTION_ENABLED)).isFalse();
    assertThat(c.get(ConfigKeys.RECORD_SERVER_DELIVERY_ENABLED)).isTrue();
    assertThat(c.get(ConfigKeys.TIDHEADER))
        .isEqualTo("X-Telemetry-TID: 6907c830-eed9-4ce9-81ae-76daf8d88f0f");
  }

  @Test
  void keysMissingFromTheFileTakeDefaults() throws Exception {
    TelemetryConfig c = load("[settings]\nserver=http://127.0.0.1\ncainfo=/tmp/cacert.crt\n");
    assertThat(c.get(ConfigKeys.SERVER)).isEqualTo("http://127.0.0.1");
    assertThat(c.get(ConfigKeys.RECORD_BURST_LIMIT)).isEqualTo(1000);
    assertThat(c.origin(ConfigKeys.SERVER).toString()).contains(":2");
    assertThat(c.origin(ConfigKeys.RECORD_BURST_LIMIT).toString()).contains("default");
  }

  @Test
  void retentionAndDeliveryFlagsOfExample1() throws Exception {
    TelemetryConfig c =
        load(
            "[settings]\nrecord_server_delivery_enabled=false\n"
                + "record_retention_enabled=true\nspool_process_time=900\n");
    assertThat(c.get(ConfigKeys.RECORD_SERVER_DELIVERY_ENABLED)).isFalse();
    assertThat(c.get(ConfigKeys.RECORD_RETENTION_ENABLED)).isTrue();
    assertThat(c.get(ConfigKeys.SPOOL_PROCESS_TIME)).isEqualTo(300); // clamped as in C
  }

  @Test
  void dialect() throws Exception {
    TelemetryConfig c =
        load(
            """
        ; comment
          # indented comment
        [other]
        server=http://ignored

        [settings]
        server=http://a/#b;c
        record_burst_limit=1
        record_burst_limit=7
        rate_limit_strategy=DROP
        tidheader=X-A:\\sb\\tc
        """);
    assertThat(c.get(ConfigKeys.SERVER)).isEqualTo("http://a/#b;c"); // no inline comments
    assertThat(c.get(ConfigKeys.RECORD_BURST_LIMIT)).isEqualTo(7); // last duplicate wins
    assertThat(c.get(ConfigKeys.TIDHEADER)).isEqualTo("X-A: btc"); // \s is a space, \t is t
    assertThat(c.get(ConfigKeys.RATE_LIMIT_STRATEGY)).isEqualTo("drop");
  }

  @Test
  void valuesWithLeadingBlanksAreTrimmedNotTruncated() throws Exception {
    // The C parser turns "server =  http://x:1/a b" into "http://x:1/" (reference §6.2); we
    // trim normally.
    assertThat(load("[settings]\ntidheader =  X-Tid: a b\n").get(ConfigKeys.TIDHEADER))
        .isEqualTo("X-Tid: a b");
  }

  @Test
  void everyErrorNamesItsLine() {
    assertThat(error("[settings\nserver=x\n"))
        .hasMessageContaining(":1:")
        .hasMessageContaining("']'");
    assertThat(error("[settings]\n\nserver\n"))
        .hasMessageContaining(":3:")
        .hasMessageContaining("key=value");
    assertThat(error("[settings]\n=x\n"))
        .hasMessageContaining(":2:")
        .hasMessageContaining("empty key");
    assertThat(error("server=x\n[settings]\n"))
        .hasMessageContaining(":1:")
        .hasMessageContaining("without a valid section");
    assertThat(error("[settings]\nrate_limit_enabled=yes\n"))
        .hasMessageContaining(":2:")
        .hasMessageContaining("rate_limit_enabled");
    assertThat(error("[settings]\nrecord_window_length=60\n")).hasMessageContaining(":2:");
    assertThat(error("[settings]\nrecord_burst_limit=abc\n")).hasMessageContaining(":2:");
    assertThat(error("[settings]\nrecord_burst_limit=99999999999999999999\n"))
        .hasMessageContaining(":2:");
    assertThat(error("[settings]\nrecord_burst_limt=5\n"))
        .hasMessageContaining(":2:")
        .hasMessageContaining("unknown key");
    assertThat(error("[settings]\nrate_limit_strategy=sometimes\n")).hasMessageContaining(":2:");
  }

  @Test
  void checkReportsEveryErrorNotOnlyTheFirst() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "[settings]\nfoo=1\nrate_limit_enabled=maybe\nok\n");
    List<ConfigException> errors = ConfigLoader.check(file);
    assertThat(errors).extracting(ConfigException::line).containsExactly(2, 3, 4);
  }

  @Test
  void explicitFileMustBeAnAbsoluteRegularFile() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(Path.of("rel.conf")), dir))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir), dir))
        .hasMessageContaining("regular file");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("missing")), dir))
        .hasMessageContaining("no such file");
  }

  @Test
  void etcFileWinsOverTheDistributionDefaultsAndOnlyOneIsRead() throws Exception {
    Path etc = dir.resolve("etc/telemetrics/telemetrics.conf");
    Path share = dir.resolve("usr/share/defaults/telemetrics/telemetrics.conf");
    Files.createDirectories(share.getParent());
    Files.writeString(share, "[settings]\nserver=http://share\nrecord_burst_limit=5\n");
    assertThat(ConfigLoader.load(Optional.empty(), dir).get(ConfigKeys.SERVER))
        .isEqualTo("http://share");
    Files.createDirectories(etc.getParent());
    Files.writeString(etc, "[settings]\nserver=http://etc\n");
    TelemetryConfig c = ConfigLoader.load(Optional.empty(), dir);
    assertThat(c.get(ConfigKeys.SERVER)).isEqualTo("http://etc");
    assertThat(c.get(ConfigKeys.RECORD_BURST_LIMIT)).isEqualTo(1000); // no layering
  }

  @Test
  void oneRootRelocatesEveryPath() {
    Layout layout = TelemetryConfig.defaults(dir).layout();
    for (Path p :
        List.of(
            layout.socketPath(),
            layout.spoolDir(),
            layout.optInFile(),
            layout.machineIdFile(),
            layout.journalFile(),
            layout.stagingDir(),
            layout.hostInfoFile())) {
      assertThat(p).startsWithRaw(dir);
    }
  }
}
