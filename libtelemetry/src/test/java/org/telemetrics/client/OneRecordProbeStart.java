package org.telemetrics.client;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.telemetrics.config.ConfigException;
import org.telemetrics.configfile.ConfigLoader;

/**
 * What hprobe and telem-record-gen do before sending, for a test that runs it in a fresh class
 * loader: read the configuration under a root and set up the client. Answers what the client will
 * use, or the configuration error's message.
 */
public final class OneRecordProbeStart implements Function<Path, String> {
  @Override
  public String apply(Path root) {
    try {
      // the JDK's exchange: the JNI library can be loaded by one class loader only, the test's own
      TelemetryClient client =
          TelemetryClient.create(
              ConfigLoader.load(Optional.empty(), root), new JdkSocketExchange());
      return client.socket() + " " + client.connectTimeoutMs() + " " + client.ackTimeoutMs();
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }
}
