package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telemetrics.testing.TestRoot;

/**
 * The set-up most daemon tests share, registered with {@code @RegisterExtension}: one loopback
 * backend per test, closed after it, and a root posting to it ({@link Fixtures#root}). Each test
 * still starts and stops its daemons itself, since when they stop is part of what it checks.
 */
final class PostdSetUp implements AfterEachCallback {
  private TestBackend backend;

  /** The backend, answering 201 until told otherwise ({@link TestBackend#answer}). */
  TestBackend backend() throws IOException {
    if (backend == null) {
      backend = TestBackend.created();
    }
    return backend;
  }

  /** The backend, answering with {@code answer}; before any other use in the test. */
  TestBackend backend(Function<RecordedRequest, MockResponse> answer) throws IOException {
    if (backend != null) {
      throw new IllegalStateException("the backend of this test is already running");
    }
    backend = new TestBackend(answer);
    return backend;
  }

  /** A root in {@code dir} posting to the backend. */
  TestRoot root(Path dir) throws IOException {
    return Fixtures.root(dir, backend().url());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }
}
