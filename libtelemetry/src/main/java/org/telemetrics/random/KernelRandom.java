package org.telemetrics.random;

import java.io.FileInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} that reads the kernel's generator, {@code /dev/urandom}, directly: the
 * source the JDK's default (NativePRNG) reads too. Getting the default costs a short-lived probe
 * 11-17 ms, because the security properties and the SUN provider's registry are set up first; this
 * costs 0.3 ms (measured as bench/probe-startup runs hprobe). Not a new algorithm: every byte comes
 * from the kernel. Code that only needs bytes, not a {@link SecureRandom}, reads {@link
 * KernelBytes}, cheaper still.
 */
public final class KernelRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  private KernelRandom(Spi spi) {
    super(spi, null); // no provider: SecureRandom then serialises calls itself
  }

  /** The kernel's generator, or the JDK's default where /dev/urandom cannot be opened. */
  public static SecureRandom create() {
    try {
      return new KernelRandom(new Spi(new FileInputStream(KernelBytes.DEVICE)));
    } catch (IOException | SecurityException e) {
      return new SecureRandom();
    }
  }

  private static final class Spi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final transient FileInputStream urandom;

    Spi(FileInputStream urandom) {
      this.urandom = urandom;
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      // the kernel seeds itself; extra seed material is not needed
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      KernelBytes.readFully(urandom, KernelBytes.DEVICE, bytes);
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      byte[] seed = new byte[numBytes];
      engineNextBytes(seed);
      return seed;
    }
  }
}
