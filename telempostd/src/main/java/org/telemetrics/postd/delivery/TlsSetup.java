package org.telemetrics.postd.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for posting: the system trust store plus {@code cainfo} as an extra trust anchor, and an
 * optional client certificate. Verification is never switched off.
 */
public final class TlsSetup {
  /** What OkHttp needs. */
  public record Tls(SSLContext context, X509TrustManager trustManager) {}

  private TlsSetup() {}

  public static Tls create(
      Optional<Path> caInfo, Optional<Path> clientCert, Optional<Path> clientKey)
      throws IOException, GeneralSecurityException {
    X509TrustManager system = trustManager(null);
    X509TrustManager trust = system;
    if (caInfo.isPresent()) {
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      int i = 0;
      for (Certificate c : readCertificates(caInfo.get())) {
        extra.setCertificateEntry("cainfo-" + i++, c);
      }
      trust = new EitherTrustManager(system, trustManager(extra));
    }
    KeyManager[] keyManagers = null;
    if (clientCert.isPresent()) {
      List<Certificate> chain = readCertificates(clientCert.get());
      PrivateKey key = readPrivateKey(clientKey.orElse(clientCert.get()));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] password = new char[0];
      ks.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      keyManagers = kmf.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers, new TrustManager[] {trust}, null);
    return new Tls(context, trust);
  }

  static List<Certificate> readCertificates(Path pem) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new CertificateException(pem + " holds no certificate");
      }
      return new ArrayList<>(certs);
    }
  }

  static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    int start = text.indexOf(begin);
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (start < 0 || end < start) {
      throw new GeneralSecurityException(
          pem + " holds no unencrypted PKCS#8 private key " + "(BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException(pem + ": unsupported private key", last);
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  /** One of the two checks of a trust manager. */
  @FunctionalInterface
  private interface TrustCheck {
    void run(X509TrustManager manager) throws CertificateException;
  }

  /** Trusts a chain that either manager trusts. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second)
      implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    /** Passes when the first manager passes, else when the second does (its refusal stands). */
    private void either(TrustCheck check) throws CertificateException {
      try {
        check.run(first);
      } catch (CertificateException e) {
        check.run(second);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = first.getAcceptedIssuers();
      X509Certificate[] b = second.getAcceptedIssuers();
      X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }
}
