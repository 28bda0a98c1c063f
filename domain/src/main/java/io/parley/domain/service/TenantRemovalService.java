package io.parley.domain.service;

import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.RemoveTenantUseCase;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.ErasureStore;
import io.parley.domain.port.out.TenantCaches;
import io.parley.domain.port.out.TenantRemovalStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Removes a tenant: at once, the tenant is marked removed and every key revoked through the cached
 * key store (each instance drops it); then, in the background, its conversations' messages and
 * contexts in batches, the conversations, customers, catalog and keys, every cache tier's entries,
 * and last the tenant row, which frees its slug.
 */
public final class TenantRemovalService implements RemoveTenantUseCase {
  private final TenantRemovalStore store;
  private final ErasureStore rows;
  private final ApiKeyStore keys;
  private final TenantCaches caches;
  private final Executor background;
  private final Clock clock;
  private final int batchSize;
  private final Set<UUID> underWay = ConcurrentHashMap.newKeySet();

  public TenantRemovalService(
      TenantRemovalStore store,
      ErasureStore rows,
      ApiKeyStore keys,
      TenantCaches caches,
      Executor background,
      Clock clock,
      int batchSize) {
    this.store = store;
    this.rows = rows;
    this.keys = keys;
    this.caches = caches;
    this.background = background;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  @Override
  public Erasure remove(TenantId tenant) {
    String subject = KeyHash.of("tenant-removal:" + tenant).hex();
    Erasure erasure =
        store
            .begin(tenant, subject, Ids.next(clock), now())
            .orElseThrow(() -> new NotFoundException("tenant"));
    if (!erasure.completed()) {
      for (ApiKeyId key : store.activeKeys(tenant)) {
        keys.revoke(tenant, key, now(), "admin");
      }
      continueInBackground(tenant, erasure.id());
    }
    return erasure;
  }

  @Override
  public Erasure removal(TenantId tenant, UUID erasureId) {
    return store.find(tenant, erasureId).orElseThrow(() -> new NotFoundException("erasure"));
  }

  @Override
  public void resumeRunning() {
    for (TenantRemovalStore.Running running : store.running()) {
      continueInBackground(running.tenant(), running.erasureId());
    }
  }

  private void continueInBackground(TenantId tenant, UUID erasureId) {
    if (underWay.add(erasureId)) {
      background.execute(
          () -> {
            try {
              deleteEverything(tenant, erasureId);
            } catch (RuntimeException stopped) {
              // A database or Redis outage: resumeRunning() continues it (each minute).
            } finally {
              underWay.remove(erasureId);
            }
          });
    }
  }

  /** Runs to the end, or throws (a database outage): the timer resumes it later. */
  void deleteEverything(TenantId tenant, UUID erasureId) {
    List<ConversationId> conversations;
    while (!(conversations = store.conversations(tenant, batchSize)).isEmpty()) {
      int erased;
      do {
        erased = rows.eraseMessages(tenant, erasureId, conversations, batchSize);
      } while (erased > 0);
      do {
        erased = rows.eraseReferenceContexts(tenant, erasureId, conversations, batchSize);
      } while (erased > 0);
      store.deleteConversations(tenant, erasureId, conversations);
    }
    int deleted;
    do {
      deleted = store.deleteRest(tenant, batchSize);
    } while (deleted > 0);
    caches.forgetTenant(tenant);
    store.complete(tenant, erasureId, now());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
