package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.server.DefaultServerFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Dropwizard's default server ({@code server.type: parley}) plus {@code trustedProxies}: the
 * addresses or CIDR ranges of the proxies whose {@code X-Forwarded-For} names the client (for the
 * failed-authentication throttle). Empty: the connection's peer is the client.
 */
@JsonTypeName("parley")
public class ParleyServerFactory extends DefaultServerFactory {
  private String trustedProxies = "";

  @JsonProperty
  public String getTrustedProxies() {
    return trustedProxies;
  }

  @JsonProperty
  public void setTrustedProxies(String trustedProxies) {
    this.trustedProxies = trustedProxies == null ? "" : trustedProxies;
  }

  /** The trusted proxies, one address or range each. */
  public List<String> trustedProxyList() {
    return Arrays.stream(trustedProxies.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
