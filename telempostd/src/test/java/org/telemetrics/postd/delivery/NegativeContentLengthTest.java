package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An answer with a negative Content-Length, which OkHttp cannot skip: the status still decides the
 * outcome. Before, the failure to close it lost the outcome, and a 2xx was sent again.
 */
class NegativeContentLengthTest {
  @Test
  void aCreatedRecordIsDelivered() throws Exception {
    assertThat(reply("HTTP/1.1 201 Created\r\nContent-Length: -2\r\n\r\n"))
        .isEqualTo(new Outcome.Delivered(201));
  }

  @Test
  void aRefusedRecordIsRefused() throws Exception {
    assertThat(reply("HTTP/1.1 400 Bad Request\r\nContent-Length: -5\r\n\r\nbad classification"))
        .isInstanceOf(Outcome.Permanent.class);
  }

  private static Outcome reply(String text) throws Exception {
    return LoopbackReplyFuzzTarget.answerTo(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
