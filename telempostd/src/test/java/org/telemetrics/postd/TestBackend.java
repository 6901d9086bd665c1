package org.telemetrics.postd;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A mockwebserver3 backend that records every request with its arrival time. */
final class TestBackend implements AutoCloseable {
  /** One request and when it arrived (System.nanoTime). */
  record Hit(long nanos, RecordedRequest request) {
    String recordId() {
      return Fixtures.recordId(request);
    }

    /** A loss report telempostd made itself, not a record it was given. */
    boolean isLossReport() {
      return org.telemetrics.postd.loss.LossReporter.CLASSIFICATION.equals(
          request.getHeaders().get("classification"));
    }

    String body() {
      return request.getBody().utf8();
    }
  }

  final MockWebServer server = new MockWebServer();
  final List<Hit> hits = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, MockResponse> answer;

  TestBackend(Function<RecordedRequest, MockResponse> answer) throws IOException {
    this(answer, 0);
  }

  TestBackend(Function<RecordedRequest, MockResponse> answer, int port) throws IOException {
    this(answer, port, server -> {});
  }

  /** Something done to the server before it starts (TLS setup). */
  interface Setup {
    void apply(MockWebServer server) throws Exception;
  }

  TestBackend(Function<RecordedRequest, MockResponse> answer, int port, Setup setup)
      throws IOException {
    this.answer = answer;
    try {
      setup.apply(server);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            hits.add(new Hit(System.nanoTime(), request));
            return TestBackend.this.answer.apply(request);
          }
        });
    server.start(port);
  }

  static TestBackend created() throws IOException {
    return new TestBackend(r -> status(201));
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{}").build();
  }

  void answer(Function<RecordedRequest, MockResponse> answer) {
    this.answer = answer;
  }

  String url() {
    return server.url("/v2/collector").toString();
  }

  /** The records posted, without telempostd's own loss reports. */
  List<Hit> records() {
    return hits.stream().filter(h -> !h.isLossReport()).toList();
  }

  List<Hit> lossReports() {
    return hits.stream().filter(Hit::isLossReport).toList();
  }

  long distinctIds() {
    return hits.stream().map(Hit::recordId).distinct().count();
  }

  @Override
  public void close() {
    server.close();
  }
}
