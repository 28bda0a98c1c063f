package io.parley.adapters.testing;

import io.parley.adapters.embedded.EmbeddedRedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The Redis a test runs Parley on, standalone or a cluster, with what the tests need of it: the
 * configuration that points Parley there, a look at every node, and an outage.
 */
public interface RedisTopology {
  /** The name tests report under ("standalone", "cluster"). */
  String name();

  /** Configuration overrides (key, value, ...) that point Parley at this Redis. */
  List<String> overrides();

  List<HostAndPort> nodes();

  /** Takes every node down. */
  void stop();

  /** Brings every node back, with the data and topology it had. */
  void restart();

  /** Runs {@code command} on every node. */
  default <T> List<T> onEveryNode(Function<Jedis, T> command) {
    List<T> results = new ArrayList<>();
    for (HostAndPort node : nodes()) {
      try (Jedis jedis = new Jedis(node.getHost(), node.getPort(), 2_000)) {
        results.add(command.apply(jedis));
      }
    }
    return results;
  }

  /** Every key matching {@code pattern}, whichever node holds it. */
  default List<String> keys(String pattern) {
    List<String> keys = new ArrayList<>();
    onEveryNode(jedis -> keys.addAll(jedis.keys(pattern)));
    return keys;
  }

  /**
   * The value of a key, from whichever node holds it (KEYS is node-local: no redirection); a hash
   * (the cache leases' members) as its fields and values.
   */
  default String get(String key) {
    List<String> found = new ArrayList<>();
    onEveryNode(
        jedis -> {
          if (!jedis.keys(key).isEmpty()) {
            found.add(
                "hash".equals(jedis.type(key)) ? jedis.hgetAll(key).toString() : jedis.get(key));
          }
          return null;
        });
    return found.isEmpty() ? null : found.get(0);
  }

  default void forEachNode(Consumer<Jedis> command) {
    onEveryNode(
        jedis -> {
          command.accept(jedis);
          return null;
        });
  }

  static RedisTopology standalone(EmbeddedRedisServer server) {
    return new RedisTopology() {
      @Override
      public String name() {
        return "standalone";
      }

      @Override
      public List<String> overrides() {
        return List.of("redis.url", server.url());
      }

      @Override
      public List<HostAndPort> nodes() {
        return List.of(new HostAndPort("127.0.0.1", server.port()));
      }

      @Override
      public void stop() {
        server.stop();
      }

      @Override
      public void restart() {
        server.restart();
      }
    };
  }

  static RedisTopology cluster(RedisCluster cluster) {
    return new RedisTopology() {
      @Override
      public String name() {
        return "cluster";
      }

      @Override
      public List<String> overrides() {
        return List.of("redis.url", "none", "redis.clusterNodes", cluster.nodes());
      }

      @Override
      public List<HostAndPort> nodes() {
        return cluster.livePorts().stream()
            .map(port -> new HostAndPort("127.0.0.1", port))
            .toList();
      }

      @Override
      public void stop() {
        cluster.ports().forEach(cluster::kill);
      }

      @Override
      public void restart() {
        cluster.ports().forEach(cluster::restart);
        cluster.awaitOk();
      }
    };
  }
}
