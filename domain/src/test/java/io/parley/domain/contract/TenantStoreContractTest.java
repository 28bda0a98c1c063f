package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyEvent;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every TenantStore and ApiKeyStore must do; subclasses supply the implementation. */
public abstract class TenantStoreContractTest {
  protected abstract Stores stores();

  private Stores stores;

  @BeforeEach
  void setUp() {
    stores = stores();
  }

  @Test
  void storesATenantAndFindsItById() {
    TenantId id = stores.newTenant();

    Tenant found = stores.tenants().find(id).orElseThrow();

    assertThat(found.id()).isEqualTo(id);
    assertThat(found.slug()).isEqualTo("shop-" + id.value());
  }

  @Test
  void refusesATakenSlug() {
    TenantId first = stores.newTenant();
    TenantId second = new TenantId(Ids.next(Clock.systemUTC()));
    Tenant sameSlug = new Tenant(second, "Other", "shop-" + first.value(), Stores.now());

    assertThatThrownBy(() -> stores.tenants().create(sameSlug, Stores.newKey(second, "x")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("slug");
    assertThat(stores.tenants().find(second)).isEmpty();
  }

  @Test
  void findsTheFirstKeyAndKeysIssuedLaterByHash() {
    TenantId tenant = stores.newTenant();
    ApiKey later = Stores.newKey(tenant, "later");
    stores.keys().create(later, 50, "admin");

    assertThat(stores.keys().findActive(tenant, later.hash())).contains(later);
  }

  @Test
  void doesNotFindAKeyUnderAnotherTenant() {
    TenantId owner = stores.newTenant();
    TenantId other = stores.newTenant();
    ApiKey key = Stores.newKey(owner, "mine");
    stores.keys().create(key, 50, "admin");

    assertThat(stores.keys().findActive(other, key.hash())).isEmpty();
  }

  @Test
  void aRevokedKeyIsNoLongerFound() {
    TenantId tenant = stores.newTenant();
    ApiKey key = Stores.newKey(tenant, "short-lived");
    stores.keys().create(key, 50, "admin");

    assertThat(stores.keys().revoke(tenant, key.id(), Stores.now(), "admin")).contains(key.hash());
    assertThat(stores.keys().findActive(tenant, key.hash())).isEmpty();
    assertThat(stores.keys().revoke(tenant, key.id(), Stores.now(), "admin")).isEmpty();
  }

  @Test
  void revokingAnotherTenantsKeyDoesNothing() {
    TenantId owner = stores.newTenant();
    TenantId other = stores.newTenant();
    ApiKey key = Stores.newKey(owner, "mine");
    stores.keys().create(key, 50, "admin");

    assertThat(stores.keys().revoke(other, key.id(), Stores.now(), "admin")).isEmpty();
    assertThat(stores.keys().findActive(owner, key.hash())).isPresent();
    assertThat(
            stores
                .keys()
                .revoke(owner, new ApiKeyId(Ids.next(Clock.systemUTC())), Stores.now(), "admin"))
        .isEmpty();
  }

  @Test
  void refusesAKeyForAnUnknownTenant() {
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));

    assertThatThrownBy(() -> stores.keys().create(Stores.newKey(unknown, "x"), 50, "admin"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aKeyKeepsItsScopeAndIsListedUntilRevoked() {
    TenantId tenant = stores.newTenant();
    ApiKey bot = Stores.newKey(tenant, "bot", ApiKeyScope.BOT);
    ApiKey manage = Stores.newKey(tenant, "manage", ApiKeyScope.MANAGE);
    stores.keys().create(bot, 50, "admin");
    stores.keys().create(manage, 50, "admin");

    assertThat(stores.keys().findActive(tenant, bot.hash()).orElseThrow().scope())
        .isEqualTo(ApiKeyScope.BOT);
    assertThat(stores.keys().list(tenant))
        .extracting(listed -> listed.key().id())
        .endsWith(bot.id(), manage.id())
        .hasSize(3);
    assertThat(stores.keys().list(tenant).get(0).key().scope()).isEqualTo(ApiKeyScope.MANAGE);

    stores.keys().revoke(tenant, bot.id(), Stores.now(), "admin");
    assertThat(stores.keys().list(tenant))
        .extracting(listed -> listed.key().id())
        .doesNotContain(bot.id());
  }

  @Test
  void refusesAKeyPastTheLimitOfLiveKeysAndCountsOnlyLiveOnes() {
    TenantId tenant = stores.newTenant();
    ApiKey second = Stores.newKey(tenant, "second");
    stores.keys().create(second, 2, "admin");

    assertThatThrownBy(() -> stores.keys().create(Stores.newKey(tenant, "third"), 2, "admin"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("keys.maxPerTenant");

    stores.keys().revoke(tenant, second.id(), Stores.now(), "admin");
    ApiKey third = Stores.newKey(tenant, "third");
    stores.keys().create(third, 2, "admin");
    assertThat(stores.keys().findActive(tenant, third.hash())).isPresent();
  }

  @Test
  void auditsEveryIssueAndRevocationWithItsActor() {
    TenantId tenant = stores.newTenant();
    ApiKey key = Stores.newKey(tenant, "audited");
    stores.keys().create(key, 50, "key:someone");
    stores.keys().revoke(tenant, key.id(), Stores.now(), "admin");

    assertThat(stores.keys().events(tenant))
        .extracting(ApiKeyEvent::kind, ApiKeyEvent::actor)
        .containsExactly(
            tuple(ApiKeyEvent.Kind.ISSUED, "admin"),
            tuple(ApiKeyEvent.Kind.ISSUED, "key:someone"),
            tuple(ApiKeyEvent.Kind.REVOKED, "admin"));
    assertThat(stores.keys().events(tenant).get(2).keyId()).isEqualTo(key.id());
  }
}
