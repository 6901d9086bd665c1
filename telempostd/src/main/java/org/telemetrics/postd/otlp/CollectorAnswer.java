package org.telemetrics.postd.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.telemetrics.protobuf.ProtoReader;

/**
 * What an OTLP collector's answer body says: of a 2xx, the {@code ExportLogsServiceResponse}'s
 * {@code partial_success} (rejected log records and the error message); of another status, the
 * {@code google.rpc.Status} message. Read as protobuf or JSON after the answer's content type (else
 * the encoding of the request). A body that cannot be read says nothing: an empty one is what OTLP
 * allows for full success, and a broken one must not turn a 2xx into a failure. A {@code
 * partial_success} that is there but cannot be read (a count that is no number, a truncated
 * message) is not {@code valid}: the collector may have rejected records, so it is not taken for a
 * success (see {@link PartialSuccess}).
 */
record CollectorAnswer(long rejected, String message, boolean valid) {
  static final CollectorAnswer NOTHING = new CollectorAnswer(0, "", true);
  private static final JsonFactory JSON = new JsonFactory();

  static CollectorAnswer ofSuccess(byte[] body, String contentType, boolean requestJson) {
    try {
      if (isJson(contentType, requestJson)) {
        return successJson(body);
      }
      ProtoReader response = new ProtoReader(body);
      while (response.next()) {
        if (response.field() == 1 && response.isLengthDelimited()) { // partial_success
          return partialSuccess(response.message());
        }
      }
      return NOTHING;
    } catch (IOException | IllegalArgumentException e) {
      return NOTHING;
    }
  }

  private static CollectorAnswer partialSuccess(ProtoReader p) {
    long rejected = 0;
    String message = "";
    try {
      while (p.next()) {
        if (p.field() == 1) {
          if (!p.isVarint()) {
            return new CollectorAnswer(0, message, false);
          }
          rejected = p.number();
        } else if (p.field() == 2 && p.isLengthDelimited()) {
          message = p.string();
        }
      }
    } catch (IllegalArgumentException e) {
      return new CollectorAnswer(rejected, message, false);
    }
    return new CollectorAnswer(rejected, message, true);
  }

  /** The message of a {@code google.rpc.Status} (field 2, or JSON "message"); empty if none. */
  static String statusMessage(byte[] body, String contentType, boolean requestJson) {
    try {
      if (isJson(contentType, requestJson)) {
        try (JsonParser p = JSON.createParser(body)) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            return "";
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("message") && value == JsonToken.VALUE_STRING) {
              return p.getText();
            }
            p.skipChildren();
          }
          return "";
        }
      }
      ProtoReader status = new ProtoReader(body);
      while (status.next()) {
        if (status.field() == 2 && status.isLengthDelimited()) {
          return status.string();
        }
      }
      return "";
    } catch (IOException | IllegalArgumentException e) {
      return "";
    }
  }

  private static CollectorAnswer successJson(byte[] body) throws IOException {
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return NOTHING;
    }
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NOTHING;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("partialSuccess") && value == JsonToken.START_OBJECT) {
          return partialSuccessJson(p);
        }
        p.skipChildren();
      }
      return NOTHING;
    }
  }

  private static CollectorAnswer partialSuccessJson(JsonParser p) throws IOException {
    long rejected = 0;
    String message = "";
    boolean valid = true;
    try {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("rejectedLogRecords")) {
          if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
            rejected = Long.parseLong(p.getText().strip()); // int64: a string in OTLP JSON
          } else if (value != JsonToken.VALUE_NULL) {
            valid = false;
            p.skipChildren();
          }
        } else if (name.equals("errorMessage") && value == JsonToken.VALUE_STRING) {
          message = p.getText();
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | NumberFormatException e) {
      return new CollectorAnswer(rejected, message, false);
    }
    return new CollectorAnswer(rejected, message, valid);
  }

  private static boolean isJson(String contentType, boolean requestJson) {
    if (contentType == null) {
      return requestJson;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.contains("json") || !t.contains("protobuf") && requestJson;
  }
}
