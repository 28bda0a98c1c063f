package io.parley.application.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.RecordedStatements;
import io.parley.application.testing.RunningApp;
import io.parley.application.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Citus readiness, statement half: every SQL statement the whole-app tests of this JVM ran that
 * touches a tenant's table names the tenant, as a predicate, a join on tenant_id, or the inserted
 * tenant_id, so each can be routed to one tenant's shard. This class walks every endpoint itself
 * first, so it checks something when it runs alone too.
 */
class TenantScopedStatementsTest {
  private static final Set<String> TENANT_TABLES =
      Set.of(
          "api_keys",
          "api_key_events",
          "customers",
          "conversations",
          "messages",
          "reference_contexts",
          "catalog_versions",
          "products",
          "product_variants",
          "services",
          "service_variants",
          "erasures");
  private static final Pattern TABLE =
      Pattern.compile("\\b(?:from|join|into|update)\\s+([a-z_]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCOPED =
      Pattern.compile(
          "tenant_id\\s*(=|in\\b|<>)|\\(\\s*tenant_id\\s*,|=\\s*[a-z_]+\\.tenant_id",
          Pattern.CASE_INSENSITIVE);

  /** Statements that span tenants on purpose; on Citus they run on the coordinator. */
  private static final List<String> CROSS_TENANT =
      List.of(
          "SELECT tenant_id FROM catalog_versions ORDER BY updated_at DESC",
          // Tenant removals left running, resumed by any instance.
          "SELECT tenant_id, id FROM erasures WHERE kind = 'tenant' AND status = 'running'");

  @Test
  void everyStatementOnTenantDataNamesItsTenant() {
    walkEveryEndpoint(RunningApp.standalone());

    List<String> unscoped = new ArrayList<>();
    int checked = 0;
    for (String sql : RecordedStatements.all()) {
      if (!touchesTenantTable(sql) || CROSS_TENANT.stream().anyMatch(sql::startsWith)) {
        continue;
      }
      checked++;
      if (!SCOPED.matcher(sql).find()) {
        unscoped.add(sql.replaceAll("\\s+", " "));
      }
    }
    assertThat(checked).as("statements on tenant tables checked").isGreaterThan(25);
    assertThat(unscoped).as("statements without a tenant predicate").isEmpty();
  }

  private static boolean touchesTenantTable(String sql) {
    var tables = TABLE.matcher(sql);
    while (tables.find()) {
      if (TENANT_TABLES.contains(tables.group(1).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every endpoint once, each answer checked (a walk of 4xx answers would check few statements):
   * tenants, keys, conversations, messages one by one and in a batch, history both ways, contexts,
   * catalog, customers and erasures.
   */
  private static void walkEveryEndpoint(RunningApp app) {
    ApiClient api = app.api();
    TestApp.TenantKey tenant = app.newTenant();
    String base = "/v1/tenants/" + tenant.id();
    String key = tenant.key();
    expect(api.get(base, key), 200);
    expect(api.patch(base, key, "{\"dormantAfterHours\":24}"), 200);
    Reply issued = expect(api.post(base + "/api-keys", key, "{\"name\":\"extra\"}"), 201);
    expect(api.delete(base + "/api-keys/" + issued.text("id"), key), 204);
    String conversation =
        expect(
                api.post(
                    base + "/conversations",
                    key,
                    "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254711222333\"}}"),
                201)
            .text("id");
    String path = base + "/conversations/" + conversation;
    for (int i = 0; i < 3; i++) {
      expect(
          api.post(
              path + "/messages",
              key,
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"nataka viatu\","
                  + "\"providerMessageId\":\"wamid."
                  + i
                  + "\"}"),
          201);
    }
    expect(
        api.post(
            base + "/messages/batch",
            key,
            "{\"messages\":[{\"conversationId\":\""
                + conversation
                + "\",\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"sawa\"}]}"),
        200);
    Reply page = expect(api.get(path + "/messages?limit=2", key), 200);
    String cursor = URLEncoder.encode(page.text("nextCursor"), StandardCharsets.UTF_8);
    expect(api.get(path + "/messages?limit=2&before=" + cursor, key), 200);
    expect(api.get(path + "/messages?limit=2&after=" + cursor, key), 200);
    expect(api.get(path + "/messages?page=2&pageSize=1", key), 200);
    expect(api.get(path + "/messages?type=customer_inbound&limit=2", key), 200);
    Reply read = expect(api.get(path, key), 200);
    expect(api.patch(path, key, "{\"status\":\"bot\"}"), 200);
    expect(api.get(base + "/conversations?status=bot&limit=5", key), 200);
    expect(
        api.sendRaw(
            "PUT",
            path + "/reference-context",
            key,
            "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"Red shoes\"}]}"
                .getBytes(StandardCharsets.UTF_8)),
        201);
    expect(api.get(path + "/reference-context", key), 200);
    expect(api.post(path + "/reference-context/resolve", key, "{\"text\":\"the first\"}"), 200);
    Reply synced =
        expect(
            api.sendRaw(
                "PUT",
                base + "/catalog/products",
                key,
                "{\"products\":[{\"title\":\"Red shoes\",\"price\":\"10.00\",\"currency\":\"KES\"}]}"
                    .getBytes(StandardCharsets.UTF_8)),
            200);
    Reply services =
        expect(
            api.sendRaw(
                "PUT",
                base + "/catalog/services",
                key,
                "{\"services\":[{\"title\":\"Braids\",\"basePrice\":\"10.00\",\"currency\":\"KES\"}]}"
                    .getBytes(StandardCharsets.UTF_8)),
            200);
    String product = synced.body().path("ids").get(0).asText();
    String service = services.body().path("ids").get(0).asText();
    expect(api.get(base + "/catalog/products/" + product, key), 200);
    expect(api.get(base + "/catalog/services/" + service, key), 200);
    expect(api.get(base + "/catalog/products?query=shoes", key), 200);
    expect(api.get(base + "/catalog/services?limit=5", key), 200);
    expect(api.get(base + "/catalog/suggestions?query=shoes", key), 200);
    expect(api.get(path + "/agent-context", key), 200);
    expect(api.delete(base + "/catalog/products/" + product, key), 204);
    expect(api.delete(base + "/catalog/services/" + service, key), 204);
    String customer = read.body().at("/customer/id").asText();
    expect(api.get(base + "/customers?address=%2B254711222333", key), 200);
    expect(api.get(base + "/customers/" + customer, key), 200);
    expect(api.get(base + "/customers/" + customer + "/conversations", key), 200);
    Reply erased = expect(api.delete(base + "/customers/" + customer, key), 200);
    expect(api.get(base + "/erasures", key), 200);
    expect(api.get(base + "/erasures/" + erased.text("erasureId"), key), 200);
  }

  private static Reply expect(Reply reply, int status) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    return reply;
  }
}
