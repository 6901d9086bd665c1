package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.http.HttpRecordFormat.HttpForm;
import org.telemetrics.http.HttpRecordFormat.Kind;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.GoldenVectors;

/** What the clients really send, judged by the backend's rules. */
class ClientFormsTest {
  private static final HostInfo HOST =
      new HostInfo(
          "x86_64",
          "no_sv_file|no_pn_file|no_pvr_file",
          "12",
          "6.18.44-fc-v657",
          "debian",
          "no_bn_file|no_bv_file",
          "AMD EPYC",
          "no_bv_file");
  private static final String TID_LINE = "X-Telemetry-TID: " + BackendRules.DEFAULT_TID;

  private final BackendRules rules = BackendRules.withDefaultTid();

  static List<String> headerLines(HttpForm form) {
    List<String> lines = new ArrayList<>();
    form.headers().forEach(h -> lines.add(h.name() + ": " + h.value()));
    lines.add("Content-Type: " + form.contentType());
    return lines;
  }

  @Test
  void ourHeaderFormIsAccepted() {
    TelemetryRecord record =
        RecordBuilder.create("org.clearlinux/hello/world", HOST)
            .severity(2)
            .payload("hello\n")
            .build();

    HttpForm form = HttpRecordFormat.format(Kind.HEADERS, record, "rid-1", TID_LINE);

    assertThat(rules.firstViolation(headerLines(form))).isEmpty();
  }

  @Test
  void ourJsonFormIsRejectedAsTheBackendRejectsTheC24Client() {
    TelemetryRecord record = RecordBuilder.create("org.clearlinux/hello/world", HOST).build();

    HttpForm form = HttpRecordFormat.format(Kind.JSON, record, "rid-1", TID_LINE);

    assertThat(rules.firstViolation(headerLines(form)))
        .contains("Record-Format-Version is invalid");
  }

  @Test
  void theCapturedC24JsonPostIsRejected() throws IOException {
    CapturedRequest request = CapturedRequest.load("http/c-client-json-post.txt");

    assertThat(request.target()).isEqualTo("/v3/collector");
    assertThat(rules.firstViolation(request.headerLines()))
        .contains("Record-Format-Version is invalid");
  }

  @Test
  void theCapturedC24RecordIsAcceptedOnceItsFieldsAreHeaders() throws IOException {
    CapturedRequest request = CapturedRequest.load("http/c-client-json-post.txt");
    List<String> lines = new ArrayList<>();
    lines.add(TID_LINE);
    // the 2.4 body's fields, moved into headers as the 2.3 client sent them
    String body = request.bodyText();
    for (CollectedRecord.Field f : CollectedRecord.FIELDS) {
      String key = "\"" + f.wireName() + "\":\"";
      int at = body.indexOf(key) + key.length();
      StringBuilder value = new StringBuilder();
      for (int i = at; body.charAt(i) != '"' || body.charAt(i - 1) == '\\'; i++) {
        value.append(body.charAt(i));
      }
      lines.add(f.httpName() + ": " + value.toString().replace("\\\"", "\""));
    }

    assertThat(rules.firstViolation(lines)).isEmpty();
  }

  /** A raw HTTP request as captured on the wire. */
  record CapturedRequest(String requestLine, List<String> headerLines, byte[] body) {
    static CapturedRequest load(String resource) throws IOException {
      byte[] raw = GoldenVectors.bytes(resource);
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      int sep = 4;
      if (end < 0) {
        end = text.indexOf("\n\n");
        sep = 2;
      }
      String[] head = text.substring(0, end).split("\r?\n");
      List<String> lines = new ArrayList<>(List.of(head).subList(1, head.length));
      byte[] body = text.substring(end + sep).getBytes(StandardCharsets.ISO_8859_1);
      return new CapturedRequest(head[0], lines, body);
    }

    String target() {
      return requestLine.split(" ")[1];
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
