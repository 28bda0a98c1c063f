package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Ids;
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
    stores.keys().create(later);

    assertThat(stores.keys().findActive(tenant, later.hash())).contains(later);
  }

  @Test
  void doesNotFindAKeyUnderAnotherTenant() {
    TenantId owner = stores.newTenant();
    TenantId other = stores.newTenant();
    ApiKey key = Stores.newKey(owner, "mine");
    stores.keys().create(key);

    assertThat(stores.keys().findActive(other, key.hash())).isEmpty();
  }

  @Test
  void aRevokedKeyIsNoLongerFound() {
    TenantId tenant = stores.newTenant();
    ApiKey key = Stores.newKey(tenant, "short-lived");
    stores.keys().create(key);

    assertThat(stores.keys().revoke(tenant, key.id(), Stores.now())).contains(key.hash());
    assertThat(stores.keys().findActive(tenant, key.hash())).isEmpty();
    assertThat(stores.keys().revoke(tenant, key.id(), Stores.now())).isEmpty();
  }

  @Test
  void revokingAnotherTenantsKeyDoesNothing() {
    TenantId owner = stores.newTenant();
    TenantId other = stores.newTenant();
    ApiKey key = Stores.newKey(owner, "mine");
    stores.keys().create(key);

    assertThat(stores.keys().revoke(other, key.id(), Stores.now())).isEmpty();
    assertThat(stores.keys().findActive(owner, key.hash())).isPresent();
    assertThat(stores.keys().revoke(owner, new ApiKeyId(Ids.next(Clock.systemUTC())), Stores.now()))
        .isEmpty();
  }

  @Test
  void refusesAKeyForAnUnknownTenant() {
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));

    assertThatThrownBy(() -> stores.keys().create(Stores.newKey(unknown, "x")))
        .isInstanceOf(NotFoundException.class);
  }
}
