package io.parley.adapters.cache;

import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;

/**
 * The tier between the near-caches and the stores, shared by every instance: Redis (standalone or a
 * cluster), or {@link #none()} for a single instance with near-caches only. It wraps each store in
 * its shared layer and keeps the instances' near-caches coherent.
 */
public interface SharedCache {
  ApiKeyStore apiKeys(ApiKeyStore store);

  ReferenceContextStore referenceContexts(ReferenceContextStore store);

  VersionedCatalog catalog(VersionedCatalog store);

  /** How every instance's caches stay current (what the near-caches register with). */
  Coherence coherence();

  /**
   * Starts hearing other instances: after every cache has registered what it does with a change.
   */
  void start();

  /**
   * Deletes every shared entry of a removed tenant and tells the other instances to drop theirs.
   */
  void purgeTenant(TenantId tenant);

  /**
   * Conversation windows over the history, kept current by the message and conversation writes (the
   * stores as they are when there is no shared tier).
   */
  Windowed windows(
      ConversationHistory history,
      MessageStore messages,
      ConversationStore conversations,
      java.util.function.Consumer<String> onWindowRead);

  /** The history and the stores whose writes keep its windows current. */
  record Windowed(
      ConversationHistory history, MessageStore messages, ConversationStore conversations) {}

  /** No shared tier: the stores as they are, and no other instance to hear from. */
  static SharedCache none() {
    return new SharedCache() {
      @Override
      public ApiKeyStore apiKeys(ApiKeyStore store) {
        return store;
      }

      @Override
      public ReferenceContextStore referenceContexts(ReferenceContextStore store) {
        return store;
      }

      @Override
      public VersionedCatalog catalog(VersionedCatalog store) {
        return store;
      }

      @Override
      public Coherence coherence() {
        return Coherence.alone();
      }

      @Override
      public void start() {}

      @Override
      public void purgeTenant(TenantId tenant) {}

      @Override
      public Windowed windows(
          ConversationHistory history,
          MessageStore messages,
          ConversationStore conversations,
          java.util.function.Consumer<String> onWindowRead) {
        return new Windowed(history, messages, conversations);
      }
    };
  }
}
