package org.telemetrics.random;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

/**
 * Bytes of the kernel's generator, read from {@code /dev/urandom} as {@link KernelRandom} reads
 * them, without a {@link SecureRandom} around the device: setting one up costs a probe that makes
 * one event id about 0.7 ms of its ~5 ms of Java (bench/probe-startup); reading 16 bytes costs 10
 * µs. Where the device cannot be opened, the JDK's default {@link SecureRandom} fills instead. Safe
 * for concurrent use.
 */
public final class KernelBytes {
  static final String DEVICE = "/dev/urandom";

  private final String path;
  private final FileInputStream device; // null: the fallback fills
  private final SecureRandom fallback;

  private KernelBytes(String path, FileInputStream device, SecureRandom fallback) {
    this.path = path;
    this.device = device;
    this.fallback = fallback;
  }

  /** The kernel's generator, or the JDK's default where {@code /dev/urandom} cannot be opened. */
  public static KernelBytes open() {
    return open(DEVICE);
  }

  static KernelBytes open(String path) {
    try {
      return new KernelBytes(path, new FileInputStream(path), null);
    } catch (IOException | SecurityException e) {
      return new KernelBytes(path, null, new SecureRandom());
    }
  }

  /** Fills every byte of {@code bytes}; an {@link UncheckedIOException} if the device fails. */
  public void fill(byte[] bytes) {
    if (device == null) {
      fallback.nextBytes(bytes);
      return;
    }
    synchronized (device) {
      readFully(device, path, bytes);
    }
  }

  /** Reads until {@code bytes} is full: a read may return fewer bytes than asked for. */
  static void readFully(FileInputStream in, String path, byte[] bytes) {
    try {
      for (int n = 0; n < bytes.length; ) {
        int r = in.read(bytes, n, bytes.length - n);
        if (r < 0) {
          throw new EOFException(path + " ended");
        }
        n += r;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
