package io.parley.application.config;

import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.MutableServletContextHandler;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.Server;

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

  /**
   * The request log as Dropwizard builds it, but its start-up status messages printed only when
   * they are warnings or errors other than logback-access's version comparison: logback-core is
   * pinned past every logback-access release (for advisories, see the pom), so that comparison
   * warns at every start ("expected version 1.5.32 but found 1.5.38") with nothing to act on.
   */
  @Override
  protected void addRequestLog(Server server, String name, MutableServletContextHandler handler) {
    super.addRequestLog(server, name, handler);
    if (server.getRequestLog() instanceof RequestLogImpl log) {
      log.setQuiet(true);
      log.getStatusManager().add(ParleyServerFactory::printActionable);
    }
  }

  private static void printActionable(Status status) {
    boolean versions =
        status.getMessage() != null && status.getMessage().contains("expected version");
    if (status.getEffectiveLevel() >= Status.WARN && !versions) {
      System.out.println(status);
    }
  }

  /** The trusted proxies, one address or range each. */
  public List<String> trustedProxyList() {
    return Arrays.stream(trustedProxies.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
