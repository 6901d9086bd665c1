package org.telemetrics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {
  @Test
  void acceptsIpLiteralsAndLocalhostOnly() {
    assertThat(ListenAddress.parse("127.0.0.1:9839").toString()).isEqualTo("127.0.0.1:9839");
    assertThat(ListenAddress.parse("[::1]:9839").toString()).isEqualTo("[0:0:0:0:0:0:0:1]:9839");
    assertThat(ListenAddress.parse("localhost:80").address().isLoopbackAddress()).isTrue();
    assertThat(ListenAddress.parse("0.0.0.0:9839").port()).isEqualTo(9839);
  }

  @Test
  void refusesWhatCannotBeListenedOn() {
    assertThatThrownBy(() -> ListenAddress.parse("9839")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:0")).hasMessageContaining("1..65535");
    assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:70000"))
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> ListenAddress.parse("example.org:80"))
        .hasMessageContaining("not an IP address or localhost");
    assertThatThrownBy(() -> ListenAddress.parse("300.1.1.1:80"))
        .hasMessageContaining("not an IP address or localhost");
    assertThatThrownBy(() -> ListenAddress.parse("::1:80")).hasMessageContaining("[addr]:port");
  }
}
