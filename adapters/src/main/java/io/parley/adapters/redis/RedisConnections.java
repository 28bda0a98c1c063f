package io.parley.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * Where Redis is, standalone ({@code redis://[user:password@]host:port[/db]}, rediss:// for TLS) or
 * a cluster (seed nodes), and the two kinds of connection Parley makes to it: a pooled client with
 * short timeouts for commands, and one long-lived connection for the invalidation subscription.
 */
public record RedisConnections(
    List<HostAndPort> seeds,
    boolean cluster,
    DefaultJedisClientConfig.Builder settings,
    Duration connectTimeout,
    UnaryOperator<CommandExecutor> executors) {

  public static RedisConnections of(String url, Duration connectTimeout, Duration socketTimeout) {
    URI uri = URI.create(url);
    DefaultJedisClientConfig.Builder settings =
        timeouts(connectTimeout, socketTimeout).ssl("rediss".equals(uri.getScheme()));
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon > 0) {
        settings.user(userInfo.substring(0, colon));
      }
      settings.password(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      settings.database(Integer.parseInt(path.substring(1)));
    }
    HostAndPort address = new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    return new RedisConnections(
        List.of(address), false, settings, connectTimeout, UnaryOperator.identity());
  }

  /** A Redis Cluster from seed nodes {@code host:port,host:port}; password may be empty. */
  public static RedisConnections cluster(
      String nodes, String password, Duration connectTimeout, Duration socketTimeout) {
    List<HostAndPort> seeds = new ArrayList<>();
    for (String node : nodes.split(",")) {
      if (!node.isBlank()) {
        seeds.add(HostAndPort.from(node.trim()));
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("REDIS_CLUSTER_NODES names no host:port");
    }
    DefaultJedisClientConfig.Builder settings = timeouts(connectTimeout, socketTimeout);
    if (password != null && !password.isEmpty()) {
      settings.password(password);
    }
    return new RedisConnections(
        List.copyOf(seeds), true, settings, connectTimeout, UnaryOperator.identity());
  }

  private static DefaultJedisClientConfig.Builder timeouts(Duration connect, Duration socket) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) connect.toMillis())
        .socketTimeoutMillis((int) socket.toMillis());
  }

  /**
   * A pooled client whose commands time out quickly: Redis is a soft dependency. On a cluster it
   * follows MOVED/ASK and refreshes the slot map every second, so a failover or resharding is
   * followed without a restart; a command is tried twice at most before the caller falls back.
   */
  /** The same connections, every command of the client passing through {@code decorate}. */
  public RedisConnections withCommandExecutor(UnaryOperator<CommandExecutor> decorate) {
    return new RedisConnections(seeds, cluster, settings, connectTimeout, decorate);
  }

  public UnifiedJedis client(int maxConnections) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMaxWait(connectTimeout);
    pool.setJmxEnabled(false);
    JedisClientConfig config = settings.build();
    if (!cluster) {
      return new RedisClient.Builder() {
        @Override
        protected CommandExecutor createDefaultCommandExecutor() {
          return executors.apply(super.createDefaultCommandExecutor());
        }
      }.hostAndPort(seeds.get(0)).clientConfig(config).poolConfig(pool).build();
    }
    return new RedisClusterClient.Builder() {
      @Override
      protected CommandExecutor createDefaultCommandExecutor() {
        return executors.apply(super.createDefaultCommandExecutor());
      }
    }.nodes(new LinkedHashSet<>(seeds))
        .clientConfig(config)
        .poolConfig(pool)
        .maxAttempts(2)
        .maxTotalRetriesDuration(Duration.ofMillis(2L * config.getSocketTimeoutMillis()))
        .topologyRefreshPeriod(Duration.ofSeconds(1))
        .build();
  }

  /** The nodes a subscription may use now: a cluster's current nodes, else the seeds. */
  List<HostAndPort> nodes(UnifiedJedis client) {
    if (client instanceof RedisClusterClient clusterClient) {
      List<HostAndPort> current = new ArrayList<>();
      clusterClient.getClusterNodes().keySet().forEach(node -> current.add(HostAndPort.from(node)));
      if (!current.isEmpty()) {
        return current;
      }
    }
    return seeds;
  }

  /** A connection for a subscription: no read timeout, since it waits for messages. */
  /** How long a subscription may stay silent (it is pinged every second) before it is dropped. */
  static final int SUBSCRIBER_SILENCE_MILLIS = 3_000;

  Jedis subscriber(HostAndPort node) {
    JedisClientConfig config = settings.build();
    return new Jedis(
        node,
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(config.getConnectionTimeoutMillis())
            // The subscription is pinged every second, so a read that waits longer than this
            // is a silent network: the read fails and the subscription starts again.
            .socketTimeoutMillis(SUBSCRIBER_SILENCE_MILLIS)
            .user(config.getUser())
            .password(config.getPassword())
            .database(cluster ? 0 : config.getDatabase())
            .ssl(config.isSsl())
            // A subscription speaks RESP2 (Jedis' pub/sub); saying so spares Jedis a start-up
            // warning that it cannot negotiate RESP3 here, which would change nothing.
            .autoNegotiateProtocol(false)
            .build());
  }
}
