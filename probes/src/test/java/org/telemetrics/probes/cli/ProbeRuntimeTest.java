package org.telemetrics.probes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.SendResult.Failure;

/** The one mapping from a send's result to every probe's exit status. */
class ProbeRuntimeTest {
  @Test
  void successIsAnAcknowledgementOrACloseWithoutTheProtocol() {
    assertThat(ProbeRuntime.exitStatus(new SendResult.Accepted("0123456789abcdef0123456789abcdef")))
        .isEqualTo(ProbeRuntime.OK);
    assertThat(ProbeRuntime.exitStatus(new SendResult.SentUnacknowledged()))
        .isEqualTo(ProbeRuntime.OK);
  }

  @Test
  void everyDeadlineThatPassedIsStatus75() {
    assertThat(ProbeRuntime.TIMED_OUT).isEqualTo(75);
    assertThat(ProbeRuntime.exitStatus(new SendResult.Failed(Failure.TIMEOUT, "connecting")))
        .isEqualTo(ProbeRuntime.TIMED_OUT);
    assertThat(ProbeRuntime.exitStatus(new SendResult.Failed(Failure.ACK_TIMEOUT, "no answer")))
        .isEqualTo(ProbeRuntime.TIMED_OUT);
  }

  @Test
  void everyOtherFailureIsStatus1() {
    assertThat(ProbeRuntime.exitStatus(new SendResult.Rejected("staging is full")))
        .isEqualTo(ProbeRuntime.FAILURE);
    for (Failure f :
        new Failure[] {Failure.NOT_OPTED_IN, Failure.CONNECT, Failure.BAD_REPLY, Failure.IO}) {
      assertThat(ProbeRuntime.exitStatus(new SendResult.Failed(f, "x")))
          .as(f.name())
          .isEqualTo(ProbeRuntime.FAILURE);
    }
  }
}
