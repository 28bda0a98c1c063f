package io.parley.adapters.webhook;

import io.parley.domain.model.InvalidInputException;
import io.parley.domain.port.out.WebhookTargets;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The webhook target rules: https, or http to the allowed hosts; never an address that is loopback,
 * private, link-local (cloud metadata), carrier-grade NAT, unique-local or unspecified, unless the
 * operator allows private targets. Checked when a webhook is created and again, as the HTTP
 * client's resolver, on every connection a delivery makes: the address connected to is the one
 * checked, so DNS cannot point a public name at an internal address later.
 */
public final class PublicAddresses implements WebhookTargets, DnsResolver {
  private final Set<String> httpHosts;
  private final boolean allowPrivate;
  private final DnsResolver dns;

  public PublicAddresses(Set<String> httpHosts, boolean allowPrivate) {
    this(httpHosts, allowPrivate, SystemDefaultDnsResolver.INSTANCE);
  }

  PublicAddresses(Set<String> httpHosts, boolean allowPrivate, DnsResolver dns) {
    this.httpHosts =
        httpHosts.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toSet());
    this.allowPrivate = allowPrivate;
    this.dns = dns;
  }

  @Override
  public void check(URI url) {
    String host = url.getHost().toLowerCase(Locale.ROOT);
    if ("http".equalsIgnoreCase(url.getScheme()) && !httpHosts.contains(host)) {
      throw new InvalidInputException(
          "url", "must use https (http only to the hosts in webhooks.allowedHosts)");
    }
    try {
      resolve(host);
    } catch (UnknownHostException e) {
      throw new InvalidInputException("url", e.getMessage());
    }
  }

  /** The host's addresses, or an UnknownHostException saying why none may be used. */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all;
    try {
      all = dns.resolve(host);
    } catch (UnknownHostException e) {
      throw new UnknownHostException("host does not resolve");
    }
    if (allowPrivate) {
      return all;
    }
    if (Arrays.stream(all).anyMatch(PublicAddresses::isPrivate)) {
      throw new UnknownHostException(
          "host resolves to a loopback or private address (refused unless"
              + " PARLEY_WEBHOOKS_ALLOW_PRIVATE=true)");
    }
    return all;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return dns.resolveCanonicalHostname(host);
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved, broadcast
    }
    if (address instanceof Inet6Address) {
      // Forms that carry an IPv4 address are judged by it: IPv4-mapped and IPv4-compatible
      // (::/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16). Otherwise only global unicast
      // (2000::/3) is public, less Teredo (2001::/32) and documentation (2001:db8::/32).
      if (isMappedV4(b) || firstBytesZero(b, 12)) {
        return isPrivate(v4(b, 12));
      }
      if ((b[0] & 0xff) == 0x00
          && (b[1] & 0xff) == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b) {
        return isPrivate(v4(b, 12));
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return isPrivate(v4(b, 2));
      }
      boolean globalUnicast = (b[0] & 0xe0) == 0x20;
      boolean teredo = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0;
      boolean documentation =
          (b[0] & 0xff) == 0x20
              && (b[1] & 0xff) == 0x01
              && (b[2] & 0xff) == 0x0d
              && (b[3] & 0xff) == 0xb8;
      return !globalUnicast || teredo || documentation;
    }
    return true;
  }

  private static InetAddress v4(byte[] b, int from) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean firstBytesZero(byte[] b, int count) {
    for (int i = 0; i < count; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
