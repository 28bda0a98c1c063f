package io.parley.application.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private final ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.7"));

  @Test
  void aForwardedAddressCountsOnlyFromATrustedProxy() {
    assertThat(addresses.clientOf("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(addresses.clientOf("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(addresses.clientOf("192.0.2.7", "198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(addresses.clientOf("192.0.2.8", "198.51.100.1")).isEqualTo("192.0.2.8");
  }

  @Test
  void theNearestUntrustedHopIsTheClientNotWhatTheCallerPutFirst() {
    // The caller forged the first entry; the proxies appended the real one.
    assertThat(addresses.clientOf("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2"))
        .isEqualTo("198.51.100.1");
    assertThat(addresses.clientOf("10.0.0.1", "10.0.0.3")).isEqualTo("10.0.0.1");
    assertThat(addresses.clientOf("10.0.0.1", null)).isEqualTo("10.0.0.1");
  }

  @Test
  void aRangeThatIsNoAddressIsRefusedAtStart() {
    assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
        .hasMessageContaining("server.trustedProxies");
  }
}
