package org.telemetrics.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where an HTTP endpoint listens: {@code host:port} or {@code [ipv6]:port}, the host an IP address
 * or {@code localhost} (never a name to resolve: a listener must not depend on DNS).
 */
public record ListenAddress(InetAddress address, int port) {
  public ListenAddress {
    if (port < 0 || port > 65535) { // 0: any free port, which only tests ask for
      throw new IllegalArgumentException("port " + port + " is not 0..65535");
    }
  }

  public static ListenAddress parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException("\"" + value + "\" is not host:port");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("\"" + value + "\": write an IPv6 address as [addr]:port");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + value + "\" has no port number 1..65535");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("\"" + value + "\" has no port number 1..65535");
    }
    if (!host.equals("localhost") && !isIpLiteral(host)) {
      throw new IllegalArgumentException("\"" + host + "\" is not an IP address or localhost");
    }
    try {
      return new ListenAddress(
          host.equals("localhost") ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host),
          port); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + host + "\" is not an IP address");
    }
  }

  private static boolean isIpLiteral(String host) {
    if (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      for (String part : host.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    return host.matches("[0-9a-fA-F:.]+") && host.contains(":");
  }

  @Override
  public String toString() {
    String host = address.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
