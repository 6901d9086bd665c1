package org.telemetrics.postd.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigException;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.testing.TestRoot;

/** The otlp_* and post_headers settings: defaults, and bad values refused with file and line. */
class OtlpSettingsTest {
  @TempDir Path dir;

  @Test
  void defaultsAreProtobufWithGzipAndBoundedRequests() {
    PostdSettings s = PostdSettings.from(TestRoot.create(dir).set("post_format", "otlp").config());

    assertThat(s.format()).isEqualTo(HttpRecordFormat.Kind.OTLP);
    assertThat(s.otlp()).isEqualTo(new OtlpSettings(false, true, 100, 524_288, true));
    assertThat(s.otlp().contentType()).isEqualTo("application/x-protobuf");
    assertThat(s.postHeaders()).isEmpty();
  }

  @Test
  void otlpPartialSuccessDeadLetterTurnsIsolationOff() {
    PostdSettings s =
        PostdSettings.from(
            TestRoot.create(dir)
                .set("post_format", "otlp")
                .set("otlp_partial_success", "dead-letter")
                .config());

    assertThat(s.otlp().isolate()).isFalse();
  }

  @Test
  void postHeadersAreHeaderLinesSeparatedByCommas() {
    PostdSettings s =
        PostdSettings.from(
            TestRoot.create(dir)
                .set("post_headers", "Authorization: Bearer abc.def, X-Scope-OrgID:  fleet ")
                .config());

    assertThat(s.postHeaders())
        .containsExactly(
            new HttpRecordFormat.HttpHeader("Authorization", "Bearer abc.def"),
            new HttpRecordFormat.HttpHeader("X-Scope-OrgID", "fleet"));
  }

  @Test
  void badValuesAreRefusedWithFileLineKeyAndReason() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(
        file,
        "[settings]\n"
            + "post_format=otlp\n"
            + "otlp_encoding=xml\n"
            + "otlp_compression=zstd\n"
            + "otlp_batch_records=0\n"
            + "post_headers=Authorization: Bearer x,,X-B: 1\n"
            + "post_headers=Authorization Bearer x\n"
            + "otlp_partial_success=retry\n");

    assertThat(ConfigLoader.check(file))
        .extracting(ConfigException::getMessage)
        .containsExactly(
            file + ":3: otlp_encoding: value \"xml\" is not one of protobuf, json",
            file + ":4: otlp_compression: value \"zstd\" is not one of gzip, none",
            file + ":5: otlp_batch_records: value 0 is out of range 1..10000",
            file
                + ":6: post_headers: \"Authorization: Bearer x,,X-B: 1\" has an empty header"
                + " between two commas",
            file
                + ":7: post_headers: \"Authorization Bearer x\" is not a header line \"Name: value\"",
            file + ":8: otlp_partial_success: value \"retry\" is not one of isolate, dead-letter");
  }
}
