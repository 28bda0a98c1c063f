package io.parley.bench;

import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.csc.DefaultCache;

/**
 * What a team would use instead of Parley's L1 + L2, configured with the same bounds as Parley's L1
 * (entries, 5 s after write) so that only the mechanism differs.
 */
final class Alternatives {
  private Alternatives() {}

  static RedissonClient redisson(HostAndPort address) {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + address).setConnectionMinimumIdleSize(2);
    return Redisson.create(config);
  }

  /** Redisson's local cache over a Redis hash; other clients' writes invalidate it. */
  static RLocalCachedMap<String, String> localCachedMap(
      RedissonClient redisson, String name, int entries) {
    return redisson.getLocalCachedMap(
        LocalCachedMapOptions.<String, String>name(name)
            .codec(StringCodec.INSTANCE)
            .cacheSize(entries)
            .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
            .timeToLive(ParleyTiers.L1_TTL)
            .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE));
  }

  /**
   * Jedis 8's built-in client-side cache: RESP3 with server-assisted invalidation (CLIENT
   * TRACKING). It has no time bound, only a size.
   */
  static RedisClient jedisClientSideCache(HostAndPort address) {
    return RedisClient.builder()
        .hostAndPort(address)
        .clientConfig(DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())
        .cache(new CompatibleCache(ParleyTiers.L1_ENTRIES))
        .build();
  }

  /**
   * Jedis 8 refuses client-side caching against servers older than 7.4 unless the cache says it
   * runs in compatibility mode; the embedded Redis is 6.2, Debian's 7.0.
   */
  static final class CompatibleCache extends DefaultCache {
    CompatibleCache(int maximumSize) {
      super(maximumSize);
    }

    @Override
    public boolean compatibilityMode() {
      return true;
    }
  }
}
