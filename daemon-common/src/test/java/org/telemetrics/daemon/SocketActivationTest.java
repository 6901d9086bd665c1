package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketActivationTest {
  @Test
  void countsDescriptorsOnlyWhenTheyAreMeantForThisProcess() throws Exception {
    assertThat(SocketActivation.passedDescriptors(Map.of(), 42)).isZero();
    assertThat(
            SocketActivation.passedDescriptors(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42))
        .isEqualTo(1);
    assertThat(
            SocketActivation.passedDescriptors(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42))
        .isZero();
    assertThat(SocketActivation.listeningSocket(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42))
        .isEmpty();
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(
            () ->
                SocketActivation.passedDescriptors(
                    Map.of("LISTEN_PID", "x", "LISTEN_FDS", "1"), 42))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                SocketActivation.passedDescriptors(
                    Map.of("LISTEN_PID", "42", "LISTEN_FDS", "-1"), 42))
        .isInstanceOf(IOException.class);
  }
}
