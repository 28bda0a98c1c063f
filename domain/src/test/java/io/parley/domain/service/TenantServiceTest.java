package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Principal;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.ManageApiKeysUseCase.IssuedKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenants, their keys, settings and limits, against the in-memory tenants. */
class TenantServiceTest {
  private final InMemoryTenants tenants = new InMemoryTenants();
  private final Clock clock =
      Clock.fixed(Instant.parse("2026-12-06T10:00:00.987654321Z"), ZoneOffset.UTC);
  private final TenantService service = new TenantService(tenants, tenants, clock, 2);
  private final Principal admin = new Principal.Admin();

  private TenantId newTenant(String slug) {
    return service.create(new CreateTenantUseCase.Command("Shop", slug)).tenant().id();
  }

  @Test
  void aNewTenantComesWithAManagingKeyWhoseSecretIsStoredOnlyAsItsHash() {
    var created = service.create(new CreateTenantUseCase.Command("Duka la Amina", "duka"));

    assertThat(created.tenant().createdAt())
        .isEqualTo(Instant.parse("2026-12-06T10:00:00.987654Z"));
    assertThat(created.key().key().scope()).isEqualTo(ApiKeyScope.MANAGE);
    assertThat(created.key().key().hash()).isEqualTo(KeyHash.of(created.key().secret()));
    assertThat(tenants.findActive(created.tenant().id(), KeyHash.of(created.key().secret())))
        .isPresent();
  }

  @Test
  void keysAreIssuedUpToTheLimitListedAndRevokedPerTenant() {
    TenantId tenant = newTenant("one");
    TenantId other = newTenant("two");

    IssuedKey bot = service.issue(tenant, "bot", ApiKeyScope.BOT, admin);
    assertThatThrownBy(() -> service.issue(tenant, "third", ApiKeyScope.BOT, admin))
        .as("the first key and this one are the tenant's two")
        .isInstanceOf(InvalidInputException.class);
    assertThat(service.list(tenant))
        .extracting(listed -> listed.key().name())
        .containsExactlyInAnyOrder("default", "bot");

    assertThatThrownBy(() -> service.revoke(other, bot.key().id(), admin))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("API key not found");
    service.revoke(tenant, bot.key().id(), admin);
    assertThat(tenants.findActive(tenant, KeyHash.of(bot.secret()))).isEmpty();
    assertThatThrownBy(
            () -> service.revoke(tenant, new ApiKeyId(Ids.next(Clock.systemUTC())), admin))
        .hasMessage("API key not found");
    assertThat(service.list(tenant))
        .as("a revoked key is no longer listed")
        .extracting(listed -> listed.key().name())
        .containsExactly("default");
    service.issue(tenant, "replacement", ApiKeyScope.BOT, admin); // the revoked one freed a place
  }

  @Test
  void anUnknownTenantIsNotFoundEverywhere() {
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));

    assertThatThrownBy(() -> service.list(unknown)).hasMessage("tenant not found");
    assertThatThrownBy(() -> service.settings(unknown)).hasMessage("tenant not found");
    assertThatThrownBy(() -> service.requestsPerSecond(unknown)).hasMessage("tenant not found");
    assertThatThrownBy(() -> service.limit(unknown, 10)).hasMessage("tenant not found");
  }

  @Test
  void settingsChangeOnlyTheFieldsGivenAndNullTurnsOneOff() {
    TenantId tenant = newTenant("settings");
    service.update(tenant, Map.of("messageDays", 30, "dormantAfterHours", 48));
    Map<String, Integer> off = new HashMap<>();
    off.put("messageDays", null);

    TenantSettings updated = service.update(tenant, off);

    assertThat(updated.messageDays()).isNull();
    assertThat(updated.dormantAfterHours()).isEqualTo(48);
    assertThat(service.settings(tenant)).isEqualTo(updated);
    assertThatThrownBy(() -> service.update(tenant, Map.of("dormantAfterHours", 0)))
        .hasMessage("dormantAfterHours must be from 1 to 8760, or null for off");
    assertThat(service.settings(tenant).dormantAfterHours()).isEqualTo(48);
  }

  @Test
  void aRequestLimitIsWithinItsRangeOrRemoved() {
    TenantId tenant = newTenant("limits");

    service.limit(tenant, 25);
    assertThat(service.requestsPerSecond(tenant)).contains(25);
    assertThatThrownBy(() -> service.limit(tenant, 0))
        .hasMessage("requestsPerSecond must be from 1 to 1000000, or null");
    assertThat(service.requestsPerSecond(tenant)).contains(25);
    service.limit(tenant, null);
    assertThat(service.requestsPerSecond(tenant)).isEmpty();
  }
}
