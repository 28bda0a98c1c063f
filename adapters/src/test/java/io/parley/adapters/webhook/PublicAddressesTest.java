package io.parley.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.model.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook target rules, on address literals (no DNS) and a resolver that lies. */
class PublicAddressesTest {
  private final PublicAddresses rules =
      new PublicAddresses(Set.of("hooks.internal.example"), false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "[::1]",
        "[::]",
        "[fe80::1]",
        "[fd00::1]",
        "[::ffff:127.0.0.1]",
        "[::127.0.0.1]",
        "[64:ff9b::a9fe:a9fe]",
        "[2002:7f00:1::]",
        "[100::1]",
        "[2001::1]",
        "[2001:db8::1]",
        "[ff02::1]"
      })
  void internalAddressesAreRefusedNamingTheUrl(String host) {
    assertThatThrownBy(() -> rules.check(URI.create("https://" + host + "/hook")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("url");
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.10", "8.8.8.8", "[2606:4700::1111]", "[64:ff9b::808:808]"})
  void publicAddressesAreTaken(String host) {
    rules.check(URI.create("https://" + host + "/hook"));
  }

  @Test
  void plainHttpOnlyToTheAllowedHosts() {
    assertThatThrownBy(() -> rules.check(URI.create("http://203.0.113.10/hook")))
        .hasMessageContaining("https");
  }

  @Test
  void aPublicNameThatResolvesInsideIsRefusedWhenTheClientConnects() throws Exception {
    DnsResolver lying =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
            return new InetAddress[] {InetAddress.getByName("10.0.0.7")};
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    PublicAddresses atDelivery = new PublicAddresses(Set.of(), false, lying);
    assertThatThrownBy(() -> atDelivery.resolve("shop.example"))
        .hasMessageContaining("private address");
    assertThat(new PublicAddresses(Set.of(), true, lying).resolve("shop.example")).hasSize(1);
  }
}
