package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telemetrics.config.Layout;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** HTTPS with cainfo as the trust anchor, verification always on, and a client certificate. */
@Timeout(90)
class TlsTest {
  private static final char[] PASS = "changeit".toCharArray();
  @TempDir Path dir;

  private Path keystore(String name) throws Exception {
    Path ks = dir.resolve(name + ".p12");
    Path keytool = Path.of(JavaProcess.javaBinary()).resolveSibling("keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                new String(PASS))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return ks;
  }

  private static KeyStore load(Path p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASS);
    }
    return ks;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static SSLContext serverContext(KeyStore server, KeyStore trustedClient)
      throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(server, PASS);
    TrustManagerFactory tmf = null;
    if (trustedClient != null) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("client", trustedClient.getCertificate("client"));
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void cainfoIsTrustedAndAnUnknownServerIsNot() throws Exception {
    KeyStore server = load(keystore("server"));
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, pem("CERTIFICATE", server.getCertificate("server").getEncoded()));
    try (TestBackend backend =
        new TestBackend(
            r -> TestBackend.status(201),
            0,
            b -> b.useHttps(serverContext(server, null).getSocketFactory()))) {
      String url = backend.url().replace("http:", "https:");
      TestRoot untrusted = Fixtures.root(dir.resolve("a"), url);
      try (DaemonHarness d = DaemonHarness.start(untrusted)) {
        Fixtures.stage(untrusted.layout(), Fixtures.record(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> d.log().contains("TLS"));
        assertThat(d.counters().delivered.get()).isZero();
        assertThat(d.daemon.queued()).isEqualTo(1);
      }
      TestRoot trusted = Fixtures.root(dir.resolve("b"), url).set("cainfo", ca.toString());
      try (DaemonHarness d = DaemonHarness.start(trusted)) {
        String id = Fixtures.stage(trusted.layout(), Fixtures.record(2));
        await().atMost(Duration.ofSeconds(15)).until(() -> d.counters().delivered.get() == 1);
        assertThat(backend.hits.stream().map(TestBackend.Hit::recordId)).contains(id);
        assertThat(backend.hits.get(backend.hits.size() - 1).request().getHandshake()).isNotNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"headers", "otlp"})
  void clientCertificateIsPresented(String format) throws Exception {
    KeyStore server = load(keystore("server"));
    KeyStore client = load(keystore("client"));
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, pem("CERTIFICATE", server.getCertificate("server").getEncoded()));
    Path cert = dir.resolve("client.pem");
    Path key = dir.resolve("client.key");
    Files.writeString(cert, pem("CERTIFICATE", client.getCertificate("client").getEncoded()));
    Files.writeString(
        key, pem("PRIVATE KEY", ((PrivateKey) client.getKey("client", PASS)).getEncoded()));
    try (TestBackend backend =
        new TestBackend(
            r -> TestBackend.status(201),
            0,
            b -> {
              b.useHttps(serverContext(server, client).getSocketFactory());
              b.requireClientAuth();
            })) {
      String url = backend.url().replace("http:", "https:");
      TestRoot root =
          Fixtures.root(dir.resolve("c"), url)
              .set("cainfo", ca.toString())
              .set("client_cert", cert.toString())
              .set("client_key", key.toString())
              .set("post_format", format);
      Layout layout = root.layout();
      try (DaemonHarness d = DaemonHarness.start(root)) {
        Fixtures.stage(layout, Fixtures.record(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> d.counters().delivered.get() == 1);
        List<Certificate> peer = backend.hits.get(0).request().getHandshake().peerCertificates();
        assertThat(peer).isNotEmpty();
        assertThat(peer.get(0)).isEqualTo(client.getCertificate("client"));
      }
    }
  }
}
