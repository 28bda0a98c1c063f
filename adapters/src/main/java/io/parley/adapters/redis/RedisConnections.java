package io.parley.adapters.redis;

import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** Builds the pooled Jedis client from a {@code redis://[:password@]host:port[/db]} URL. */
public final class RedisConnections {
  private RedisConnections() {}

  /**
   * A pooled client with bounded timeouts: Redis is a soft dependency, so a slow Redis must cost a
   * request milliseconds, not seconds.
   */
  public static RedisClient connect(
      String url, Duration connectTimeout, Duration socketTimeout, int maxConnections) {
    URI uri = URI.create(url);
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) connectTimeout.toMillis())
            .socketTimeoutMillis((int) socketTimeout.toMillis())
            .ssl("rediss".equals(uri.getScheme()));
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        if (colon > 0) {
          config.user(userInfo.substring(0, colon));
        }
        config.password(userInfo.substring(colon + 1));
      } else {
        config.password(userInfo);
      }
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      config.database(Integer.parseInt(path.substring(1)));
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMaxWait(connectTimeout);
    pool.setJmxEnabled(false);
    return RedisClient.builder()
        .hostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379)
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }
}
