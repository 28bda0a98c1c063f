package io.parley.adapters.redis;

import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Where Redis is ({@code redis://[user:password@]host:port[/db]}, or rediss:// for TLS) and the two
 * kinds of connection Parley makes to it: a pool with short timeouts for commands, and one
 * long-lived connection for the invalidation subscription.
 */
public record RedisConnections(
    HostAndPort address, DefaultJedisClientConfig.Builder settings, Duration connectTimeout) {

  public static RedisConnections of(String url, Duration connectTimeout, Duration socketTimeout) {
    URI uri = URI.create(url);
    DefaultJedisClientConfig.Builder settings =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) connectTimeout.toMillis())
            .socketTimeoutMillis((int) socketTimeout.toMillis())
            .ssl("rediss".equals(uri.getScheme()));
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
    return new RedisConnections(address, settings, connectTimeout);
  }

  /** A pooled client whose commands time out quickly: Redis is a soft dependency. */
  public RedisClient pool(int maxConnections) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMaxWait(connectTimeout);
    pool.setJmxEnabled(false);
    return RedisClient.builder()
        .hostAndPort(address)
        .clientConfig(settings.build())
        .poolConfig(pool)
        .build();
  }

  /** A connection for a subscription: no read timeout, since it waits for messages. */
  Jedis subscriber() {
    JedisClientConfig config = settings.build();
    return new Jedis(
        address,
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(config.getConnectionTimeoutMillis())
            .socketTimeoutMillis(0)
            .user(config.getUser())
            .password(config.getPassword())
            .ssl(config.isSsl())
            .build());
  }
}
