package io.parley.application.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.parley.application.api.CatalogBodies.KindBodies;
import io.parley.application.http.DomainExceptionMappers;
import io.parley.application.http.JsonProcessingExceptionMapper;
import io.parley.application.infra.JsonSettings;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.fakes.InMemoryCatalog;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.service.CatalogService;
import io.parley.domain.service.TenantService;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The catalog's one resource alone, over the in-memory fakes: each kind at its own URLs. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CatalogResourceTest {
  private static final InMemoryTenants TENANTS = new InMemoryTenants();
  private static final CatalogService CATALOG =
      new CatalogService(new InMemoryCatalog(TENANTS), Clock.systemUTC());

  static final ResourceExtension RESOURCE =
      ResourceExtension.builder()
          .setMapper(JsonSettings.apply(io.dropwizard.jackson.Jackson.newObjectMapper()))
          .addResource(new CatalogResource(CATALOG, CATALOG, CATALOG, new CursorCodec("secret")))
          .addProvider(new JsonProcessingExceptionMapper())
          .addProvider(new DomainExceptionMappers.InvalidInputExceptionMapper())
          .addProvider(new DomainExceptionMappers.NotFoundExceptionMapper())
          .build();

  private TenantId tenant;

  @BeforeEach
  void setUp() {
    tenant =
        new TenantService(TENANTS, TENANTS, Clock.systemUTC())
            .create(new CreateTenantUseCase.Command("Shop", "shop-" + System.nanoTime()))
            .tenant()
            .id();
  }

  private Response put(String tenantId, String kind, String body) {
    return RESOURCE
        .target("/v1/tenants/" + tenantId + "/catalog/" + kind)
        .request()
        .put(Entity.entity(body, MediaType.APPLICATION_JSON));
  }

  @Test
  void thePathParameterAllowsExactlyTheKinds() {
    Matcher alternatives = Pattern.compile("\\{kind: ([\\w|]+)}").matcher(CatalogResource.KIND);

    assertThat(alternatives.find()).isTrue();
    assertThat(List.of(alternatives.group(1).split("\\|")))
        .containsExactlyElementsOf(
            KindBodies.all().stream().map(bodies -> bodies.kind().plural()).toList());
    List<CatalogKind<?, ?>> kinds =
        KindBodies.all().stream().<CatalogKind<?, ?>>map(KindBodies::kind).toList();
    assertThat(kinds).containsExactlyElementsOf(CatalogKind.all());
  }

  @Test
  void eachKindIsSyncedAndReadWithItsOwnFields() {
    Response synced =
        put(
            tenant.toString(),
            "services",
            "{\"services\":[{\"title\":\"Box braids\",\"basePrice\":\"1500.00\",\"currency\":\"KES\","
                + "\"requiresSlot\":true,\"variants\":[{\"title\":\"Long\",\"durationMinutes\":240,"
                + "\"price\":2500}]}]}");
    assertThat(synced.getStatus()).isEqualTo(200);
    String id = synced.readEntity(JsonNode.class).path("ids").path(0).asText();

    JsonNode service =
        RESOURCE
            .target("/v1/tenants/" + tenant + "/catalog/services/" + id)
            .request()
            .get(JsonNode.class);
    Response asProduct =
        RESOURCE.target("/v1/tenants/" + tenant + "/catalog/products/" + id).request().get();

    assertThat(service.path("basePrice").asText()).isEqualTo("1500.00");
    assertThat(service.path("variants").path(0).path("durationMinutes").asInt()).isEqualTo(240);
    assertThat(service.has("price")).isFalse();
    assertThat(asProduct.getStatus()).isEqualTo(404);
    assertThat(asProduct.readEntity(String.class)).contains("product not found");
  }

  @Test
  void aBodyIsReadAsItsKindsRecordAndRefusedLikeAnyBody() {
    Response otherKinds = put(tenant.toString(), "products", "{\"services\":[]}");
    Response malformed = put("not-a-tenant", "services", "{\"services\": [");
    Response noBody = put(tenant.toString(), "products", "");
    Response unknownKind = put(tenant.toString(), "widgets", "{\"widgets\":[]}");

    assertThat(otherKinds.getStatus()).isEqualTo(400);
    assertThat(otherKinds.readEntity(String.class)).contains("unknown field 'services'");
    assertThat(malformed.getStatus()).as("the body is read before the path's ids").isEqualTo(400);
    assertThat(malformed.readEntity(String.class))
        .as("an error of the body, with its place")
        .contains("(line 1, column")
        .doesNotContain("not found");
    assertThat(noBody.getStatus()).isEqualTo(400);
    assertThat(noBody.readEntity(String.class)).contains("a JSON body is required");
    assertThat(unknownKind.getStatus()).isEqualTo(404);
  }
}
