package io.parley.application.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address: the connection's peer, or, when the peer is one of the trusted proxies
 * ({@code server.trustedProxies}: addresses or CIDR ranges), the nearest untrusted address in
 * {@code X-Forwarded-For}. A forwarded header from anyone else is ignored: it is the caller's to
 * forge.
 */
public final class ClientAddresses {
  private final List<Range> trusted = new ArrayList<>();

  public ClientAddresses(List<String> trustedProxies) {
    for (String proxy : trustedProxies) {
      trusted.add(Range.parse(proxy.trim()));
    }
  }

  /** The address to hold to account for a request from {@code peer}. */
  public String clientOf(String peer, String forwardedFor) {
    if (forwardedFor == null || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty() || !isTrusted(hop)) {
        return hop.isEmpty() ? peer : hop;
      }
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = Range.literal(address);
    return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
  }

  /** An address range: network bytes and prefix length. */
  private record Range(byte[] network, int bits) {
    static Range parse(String text) {
      int slash = text.indexOf('/');
      byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException(
            "server.trustedProxies: not an IP address or CIDR range: " + text);
      }
      int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
      return new Range(address, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    /** The bytes of an IP literal; null for anything else (never a DNS look-up). */
    static byte[] literal(String text) {
      if (text == null
          || text.isEmpty()
          || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return null;
      }
      try {
        return InetAddress.getByName(text).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
  }
}
