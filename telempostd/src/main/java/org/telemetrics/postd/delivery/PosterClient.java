package org.telemetrics.postd.delivery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.time.Duration;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.telemetrics.postd.PostdSettings;

/**
 * The one OkHttp client telempostd posts with: {@code post_parallelism} connections kept alive for
 * a minute (their clean-up not woken by every request: {@link LazyPoolCleanup}), the configured
 * timeouts and proxy, no redirects, no retries of its own, and TLS with the configured CA and
 * client certificate.
 */
final class PosterClient {
  static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

  private PosterClient() {}

  static OkHttpClient build(PostdSettings s) throws IOException, GeneralSecurityException {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(s.parallelism());
    dispatcher.setMaxRequestsPerHost(s.parallelism());
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(LazyPoolCleanup.pool(s.parallelism(), KEEP_ALIVE))
            .connectTimeout(s.connectTimeout())
            .readTimeout(s.readTimeout())
            .writeTimeout(s.readTimeout())
            .callTimeout(s.callTimeout())
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false);
    if (s.proxy().isPresent()) {
      b.proxy(
          new Proxy(
              Proxy.Type.HTTP,
              new InetSocketAddress(s.proxy().get().getHost(), s.proxy().get().getPort())));
    } else {
      b.proxy(Proxy.NO_PROXY);
    }
    if (s.server().startsWith("https:") || s.clientCert().isPresent() || s.caInfo().isPresent()) {
      TlsSetup.Tls tls = TlsSetup.create(s.caInfo(), s.clientCert(), s.clientKey());
      b.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
    }
    return b.build();
  }
}
