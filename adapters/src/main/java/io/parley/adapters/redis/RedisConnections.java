package io.parley.adapters.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
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
 * a cluster (seed nodes, each {@code rediss://host:port} for TLS), and the two kinds of connection
 * Parley makes to it: a pooled client with short timeouts for commands, and one long-lived
 * connection for the invalidation subscription. Over TLS the server's certificate must verify
 * against the JVM's trust store or the CA certificates given to {@link #trusting}, and name the
 * host connected to (Jedis checks the name: endpoint identification HTTPS), on both kinds of
 * connection.
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

  /**
   * A Redis Cluster from seed nodes {@code host:port,host:port}, or {@code
   * rediss://host:port,rediss://host:port} over TLS (all or none); password may be empty.
   */
  public static RedisConnections cluster(
      String nodes, String password, Duration connectTimeout, Duration socketTimeout) {
    List<HostAndPort> seeds = new ArrayList<>();
    int tls = 0;
    for (String node : nodes.split(",")) {
      String seed = node.trim();
      if (seed.startsWith("rediss://")) {
        tls++;
        seed = seed.substring("rediss://".length());
      } else if (seed.startsWith("redis://")) {
        seed = seed.substring("redis://".length());
      }
      if (!seed.isEmpty()) {
        seeds.add(HostAndPort.from(seed.replaceAll("/+$", "")));
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("REDIS_CLUSTER_NODES names no host:port");
    }
    if (tls != 0 && tls != seeds.size()) {
      throw new IllegalArgumentException(
          "REDIS_CLUSTER_NODES mixes rediss:// and plain seeds: a cluster is over TLS or not");
    }
    DefaultJedisClientConfig.Builder settings =
        timeouts(connectTimeout, socketTimeout).ssl(tls > 0);
    if (password != null && !password.isEmpty()) {
      settings.password(password);
    }
    return new RedisConnections(
        List.copyOf(seeds), true, settings, connectTimeout, UnaryOperator.identity());
  }

  /**
   * These connections trusting, for TLS, only the CA certificates in the PEM file {@code
   * caCertificates} (a private CA) rather than the JVM's trust store; the host name is still
   * checked.
   */
  public RedisConnections trusting(Path caCertificates) {
    settings.sslSocketFactory(socketFactoryTrusting(caCertificates));
    return this;
  }

  static SSLSocketFactory socketFactoryTrusting(Path caCertificates) {
    try (InputStream pem = Files.newInputStream(caCertificates)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new IllegalArgumentException("no certificate in " + caCertificates);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the Redis CA certificates in " + caCertificates + ": " + e.getMessage(), e);
    }
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
            .sslSocketFactory(config.getSslSocketFactory())
            .sslParameters(config.getSslParameters())
            .hostnameVerifier(config.getHostnameVerifier())
            // A subscription speaks RESP2 (Jedis' pub/sub); saying so spares Jedis a start-up
            // warning that it cannot negotiate RESP3 here, which would change nothing.
            .autoNegotiateProtocol(false)
            .build());
  }
}
