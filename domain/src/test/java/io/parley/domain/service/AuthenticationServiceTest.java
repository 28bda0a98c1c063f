package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ApiKeySecret;
import io.parley.domain.model.Ids;
import io.parley.domain.model.Principal;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.CreateTenantUseCase;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class AuthenticationServiceTest {
  private final InMemoryTenants store = new InMemoryTenants();
  private final TenantService tenants = new TenantService(store, store, Clock.systemUTC());
  private final AuthenticationService auth =
      new AuthenticationService("the-admin-key-0123456789", store);

  @Test
  void theAdminKeyAuthenticatesAsAdmin() {
    assertThat(auth.authenticate("the-admin-key-0123456789"))
        .containsInstanceOf(Principal.Admin.class);
  }

  @Test
  void aTenantKeyAuthenticatesAsItsTenantOnly() {
    var created = tenants.create(new CreateTenantUseCase.Command("Shop", "shop"));

    Principal principal = auth.authenticate(created.key().secret()).orElseThrow();

    assertThat(principal.mayAccess(created.tenant().id())).isTrue();
    assertThat(principal.mayAccess(new TenantId(Ids.next(Clock.systemUTC())))).isFalse();
  }

  @Test
  void unknownMalformedAndRevokedKeysAuthenticateNobody() {
    var created = tenants.create(new CreateTenantUseCase.Command("Shop", "shop"));
    String forged = ApiKeySecret.generate(created.tenant().id());
    tenants.revoke(created.tenant().id(), created.key().key().id(), new Principal.Admin());

    assertThat(auth.authenticate(forged)).isEmpty();
    assertThat(auth.authenticate(created.key().secret())).isEmpty();
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.authenticate(null)).isEmpty();
    assertThat(auth.authenticate("x".repeat(10_000))).isEmpty();
    assertThat(auth.authenticate("prl_zz" + "0".repeat(30) + "_" + "A".repeat(43))).isEmpty();
  }

  @Test
  void refusesAShortAdminKey() {
    assertThatThrownBy(() -> new AuthenticationService("short", store))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysAreRandomCarryTheirTenantAndAreStoredAsHashesOnly() {
    TenantId tenant = new TenantId(Ids.next(Clock.systemUTC()));
    String a = ApiKeySecret.generate(tenant);
    String b = ApiKeySecret.generate(tenant);

    assertThat(a).isNotEqualTo(b).startsWith("prl_").hasSize(4 + 32 + 1 + 43);
    assertThat(ApiKeySecret.tenantOf(a)).contains(tenant);
    var issued = tenants.create(new CreateTenantUseCase.Command("Shop", "shop")).key();
    assertThat(issued.key().hash().hex()).doesNotContain(issued.secret()).hasSize(64);
    assertThat(issued.toString()).doesNotContain(issued.secret());
  }
}
