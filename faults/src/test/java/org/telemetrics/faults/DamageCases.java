package org.telemetrics.faults;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.testing.TestRoot;

/**
 * What the damaged-file tests share, registered {@code static} with {@code @RegisterExtension}: one
 * backend and its ledger for all the cases of the class (each case has a root of its own), the
 * corpus of a case, and its failures named after the damage.
 */
final class DamageCases implements BeforeAllCallback, AfterAllCallback {
  /** One case's check. */
  interface Check {
    void run() throws Exception;
  }

  private Ledger ledger;
  private FaultyBackend backend;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ledger = new Ledger();
    backend = new FaultyBackend(ledger);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    backend.close();
  }

  Ledger ledger() {
    return ledger;
  }

  /** A root in {@code dir}/root posting to the shared backend. */
  TestRoot root(Path dir) {
    return Daemons.root(dir.resolve("root"), backend.url());
  }

  /** The corpus of one case, its randomness seeded by the case's name. */
  static Corpus corpus(TestRoot root, Path dir, String caseName) throws Exception {
    return new Corpus(
        root.layout(),
        root.config().path(ConfigKeys.POSTD_STATUS_FILE),
        dir.resolve("outside"),
        new Random(caseName.hashCode()));
  }

  /** Runs {@code check}, naming {@code damage} in its failure. */
  static void check(Object damage, Check check) throws Exception {
    try {
      check.run();
    } catch (AssertionError e) { // surefire names parameterized cases by number only
      throw new AssertionError("damage \"" + damage + "\": " + e.getMessage(), e);
    }
  }
}
