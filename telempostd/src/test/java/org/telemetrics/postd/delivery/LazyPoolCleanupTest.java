package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's clean-up against a real loopback server. */
@Timeout(30)
class LazyPoolCleanupTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static void post(OkHttpClient client, MockWebServer server) throws Exception {
    Request request =
        new Request.Builder()
            .url(server.url("/v2/collector"))
            .post(RequestBody.create(new byte[] {'x'}, MediaType.get("text/plain")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(201);
      response.body().bytes();
    }
  }

  private static MockResponse created() {
    return new MockResponse.Builder().code(201).body("{}").build();
  }

  @Test
  void requestsGivingTheirConnectionBackDoNotWakeTheCleanUp() throws Exception {
    LazyPoolCleanup.Backend backend = new LazyPoolCleanup.Backend();
    ConnectionPool pool = LazyPoolCleanup.pool(4, Duration.ofMinutes(1), backend);
    OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
    for (int i = 0; i < 20; i++) {
      server.enqueue(created());
      post(client, server);
    }

    assertThat(pool.connectionCount()).isEqualTo(1); // one connection, reused
    // the first release starts the coordinator, which then sleeps until the keep-alive ends
    assertThat(backend.sleeps()).isLessThanOrEqualTo(2);
    pool.evictAll();
  }

  @Test
  void anIdleConnectionIsStillClosedOnceItsKeepAliveHasPassed() throws Exception {
    ConnectionPool pool = LazyPoolCleanup.pool(4, Duration.ofMillis(200));
    OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
    server.enqueue(created());
    post(client, server);
    assertThat(pool.connectionCount()).isEqualTo(1);

    while (pool.connectionCount() > 0) {
      Thread.sleep(10); // bounded by the test's timeout
    }
  }
}
