package io.parley.adapters.testing;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache fault tests' instances over one database, and the proxies that cut them off from Redis:
 * closed after each test, instances before the proxies they reach Redis through.
 */
public final class Instances implements AutoCloseable {
  private final TestServers.TestDatabase database;
  private final List<AutoCloseable> closing = new ArrayList<>();

  public Instances(TestServers.TestDatabase database) {
    this.database = database;
  }

  /** A new instance reaching Redis at {@code redisUrl}. */
  public CacheInstance instance(String redisUrl) {
    return instance(new CacheInstance(redisUrl, database));
  }

  /** An instance made by the test, closed with the others. */
  public CacheInstance instance(CacheInstance instance) {
    closing.add(0, instance);
    return instance;
  }

  /** A proxy to the test Redis that can stop forwarding. */
  public CuttableProxy proxy() {
    CuttableProxy proxy = new CuttableProxy(TestServers.redis().port());
    closing.add(proxy);
    return proxy;
  }

  /** The newest seq in the conversation's window as {@code instance} reads it; 0 when empty. */
  public static long newestSeq(CacheInstance instance, TenantId tenant, ConversationId c) {
    List<Message> recent =
        instance
            .windows()
            .history()
            .recentWindow(tenant, c, MessageFilter.DEFAULT, 20)
            .orElseThrow()
            .recentMessages();
    return recent.isEmpty() ? 0 : recent.get(recent.size() - 1).seq();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }
}
