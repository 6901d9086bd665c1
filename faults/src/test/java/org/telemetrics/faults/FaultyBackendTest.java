package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telemetrics.faults.FaultyBackend.Fault;

/** Each fault of the test backend does to a real HTTP client what it says. */
class FaultyBackendTest {
  private final Ledger ledger = new Ledger();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FaultyBackend backend;

  @BeforeEach
  void start() throws IOException {
    backend = new FaultyBackend(ledger);
  }

  @AfterEach
  void stop() {
    backend.close();
  }

  private HttpResponse<String> post(String id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(backend.url()))
            .timeout(Duration.ofSeconds(2))
            .header("X-Telemetry-Record-Id", id)
            .POST(HttpRequest.BodyPublishers.ofString(Ledger.payload(1, 40)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRecordBreakingTheBackendsRulesIsRefusedAndNotStored() throws Exception {
    assertThat(post("a").statusCode()).isEqualTo(400); // no TID header, no record fields
    assertThat(backend.violations()).hasSize(1);
    assertThat(ledger.wasReceived("a")).isFalse();
  }

  @Test
  void errorsAndRetryAfterStoreNothing() throws Exception {
    backend.set(Fault.SERVER_ERROR);
    assertThat(post("a").statusCode()).isEqualTo(500);
    backend.set(Fault.TOO_MANY_REQUESTS);
    HttpResponse<String> r = post("a");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(ledger.wasReceived("a")).isFalse();
    assertThat(backend.requests().total()).isEqualTo(2);
  }

  @Test
  void downRefusesConnectionsUntilItIsBack() throws Exception {
    backend.set(Fault.DOWN);
    assertThatThrownBy(() -> post("a")).isInstanceOf(IOException.class);
    backend.set(Fault.SERVER_ERROR);
    assertThat(post("a").statusCode()).isEqualTo(500);
  }

  @Test
  void resetsAndHangsGiveTheClientNoAnswer() throws Exception {
    backend.set(Fault.RESET);
    assertThatThrownBy(() -> post("a")).isInstanceOf(IOException.class);
    backend.set(Fault.HANG);
    assertThatThrownBy(() -> post("a")).isInstanceOf(HttpTimeoutException.class);
  }
}
