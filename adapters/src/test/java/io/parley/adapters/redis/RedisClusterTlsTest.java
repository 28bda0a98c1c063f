package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.testing.TlsServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A Redis Cluster over TLS ({@code tls-cluster yes}, TLS ports only) with a CA made by the test:
 * the command client reaches every master through {@code rediss://} seeds trusting that CA, the
 * invalidation subscription (a connection of its own) hears a change over TLS; seeds trusting
 * another CA, or without TLS, reach nothing.
 */
class RedisClusterTlsTest {
  private static final Duration TIMEOUT = Duration.ofMillis(1_000);

  @Test
  void aClusterOverTlsIsReachedWithItsCaAndRefusedWithAnother() throws Exception {
    try (TlsServers tls = TlsServers.create()) {
      String seeds = tls.startRedisCluster(3);
      RedisConnections connections =
          RedisConnections.cluster(seeds, null, TIMEOUT, TIMEOUT).trusting(tls.caCertificate());
      try (UnifiedJedis client = connections.client(4)) {
        for (int i = 0; i < 30; i++) {
          client.set("parley:{tenant-" + i + "}:k", "v" + i);
        }
        for (int i = 0; i < 30; i++) {
          assertThat(client.get("parley:{tenant-" + i + "}:k")).isEqualTo("v" + i);
        }
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (InvalidationBus bus =
            new InvalidationBus(
                connections, () -> connections.nodes(client), AdapterMetrics.none())) {
          bus.start(
              new InvalidationBus.Listener() {
                @Override
                public void changed(List<Invalidation> changes, String origin, long id) {
                  changes.forEach(change -> heard.add(change.subject()));
                }

                @Override
                public void heartbeat(long id) {}

                @Override
                public void acknowledged(long id, String member) {}

                @Override
                public void subscribed() {}
              });
          await().atMost(Duration.ofSeconds(10)).until(bus::isSubscribed);
          client.publish(RedisKeys.INVALIDATIONS, "another|1\nwin|t|over-tls|0");
          assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("over-tls");
        }
      }

      assertThatThrownBy(
              () ->
                  RedisConnections.cluster(seeds, null, TIMEOUT, TIMEOUT)
                      .trusting(tls.otherCaCertificate())
                      .client(1)
                      .get("parley:{t}:k"))
          .as("a certificate that does not chain to the trusted CA")
          .isInstanceOf(RuntimeException.class);
      assertThatThrownBy(
              () ->
                  RedisConnections.cluster(seeds.replace("rediss://", ""), null, TIMEOUT, TIMEOUT)
                      .client(1)
                      .get("parley:{t}:k"))
          .as("without TLS")
          .isInstanceOf(RuntimeException.class);
    }
  }
}
