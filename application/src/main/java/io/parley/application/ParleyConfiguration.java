package io.parley.application;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.parley.application.config.ApiFactory;
import io.parley.application.config.CatalogFactory;
import io.parley.application.config.DatabaseFactory;
import io.parley.application.config.EmbeddedFactory;
import io.parley.application.config.KeysFactory;
import io.parley.application.config.LifecycleFactory;
import io.parley.application.config.MessagesFactory;
import io.parley.application.config.NearCacheFactory;
import io.parley.application.config.RedisFactory;
import io.parley.application.config.ReferenceContextFactory;
import io.parley.application.config.RetentionFactory;
import io.parley.application.config.StatusFactory;
import io.parley.application.config.WebhooksFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Parley's configuration: config.yml, with secrets and URLs from the environment. */
public class ParleyConfiguration extends Configuration {
  @Valid @NotNull private DatabaseFactory database = new DatabaseFactory();
  @Valid @NotNull private RedisFactory redis = new RedisFactory();
  @Valid @NotNull private EmbeddedFactory embedded = new EmbeddedFactory();
  @Valid @NotNull private ApiFactory api = new ApiFactory();
  @Valid @NotNull private NearCacheFactory nearCache = new NearCacheFactory();
  @Valid @NotNull private ReferenceContextFactory referenceContexts = new ReferenceContextFactory();
  @Valid @NotNull private CatalogFactory catalog = new CatalogFactory();
  @Valid @NotNull private LifecycleFactory lifecycle = new LifecycleFactory();
  @Valid @NotNull private RetentionFactory retention = new RetentionFactory();
  @Valid @NotNull private StatusFactory statuses = new StatusFactory();
  @Valid @NotNull private KeysFactory keys = new KeysFactory();
  @Valid @NotNull private MessagesFactory messages = new MessagesFactory();
  @Valid @NotNull private WebhooksFactory webhooks = new WebhooksFactory();

  @JsonProperty
  public WebhooksFactory getWebhooks() {
    return webhooks;
  }

  @JsonProperty
  public void setWebhooks(WebhooksFactory webhooks) {
    this.webhooks = webhooks;
  }

  @JsonProperty
  public StatusFactory getStatuses() {
    return statuses;
  }

  @JsonProperty
  public void setStatuses(StatusFactory statuses) {
    this.statuses = statuses;
  }

  @JsonProperty
  public MessagesFactory getMessages() {
    return messages;
  }

  @JsonProperty
  public void setMessages(MessagesFactory messages) {
    this.messages = messages;
  }

  @JsonProperty
  public KeysFactory getKeys() {
    return keys;
  }

  @JsonProperty
  public void setKeys(KeysFactory keys) {
    this.keys = keys;
  }

  @JsonProperty
  public RetentionFactory getRetention() {
    return retention;
  }

  @JsonProperty
  public void setRetention(RetentionFactory retention) {
    this.retention = retention;
  }

  @JsonProperty
  public LifecycleFactory getLifecycle() {
    return lifecycle;
  }

  @JsonProperty
  public void setLifecycle(LifecycleFactory lifecycle) {
    this.lifecycle = lifecycle;
  }

  @JsonProperty
  public CatalogFactory getCatalog() {
    return catalog;
  }

  @JsonProperty
  public void setCatalog(CatalogFactory catalog) {
    this.catalog = catalog;
  }

  @JsonProperty
  public ReferenceContextFactory getReferenceContexts() {
    return referenceContexts;
  }

  @JsonProperty
  public void setReferenceContexts(ReferenceContextFactory referenceContexts) {
    this.referenceContexts = referenceContexts;
  }

  @JsonProperty
  public DatabaseFactory getDatabase() {
    return database;
  }

  @JsonProperty
  public void setDatabase(DatabaseFactory database) {
    this.database = database;
  }

  @JsonProperty
  public RedisFactory getRedis() {
    return redis;
  }

  @JsonProperty
  public void setRedis(RedisFactory redis) {
    this.redis = redis;
  }

  @JsonProperty
  public EmbeddedFactory getEmbedded() {
    return embedded;
  }

  @JsonProperty
  public void setEmbedded(EmbeddedFactory embedded) {
    this.embedded = embedded;
  }

  @JsonProperty
  public ApiFactory getApi() {
    return api;
  }

  @JsonProperty
  public void setApi(ApiFactory api) {
    this.api = api;
  }

  @JsonProperty
  public NearCacheFactory getNearCache() {
    return nearCache;
  }

  @JsonProperty
  public void setNearCache(NearCacheFactory nearCache) {
    this.nearCache = nearCache;
  }

  /** Whether the database is the embedded PostgreSQL this process starts itself. */
  public boolean usesEmbeddedPostgres() {
    return "embedded".equals(database.getUrl());
  }
}
