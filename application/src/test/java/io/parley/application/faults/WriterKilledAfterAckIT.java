package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.CuttableProxy;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.JarProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer dies right after acknowledging: an instance cut off from Redis (a proxy that stops
 * forwarding) takes an append and a reference-context PUT, answers them, and is killed with SIGKILL
 * at once; the other instance, which held the conversation's window and context in its caches,
 * serves both on its next reads. Nothing the dead writer acknowledged lived only in its memory:
 * what Redis did not take was in PostgreSQL's change log before the answer.
 */
class WriterKilledAfterAckIT {
  private static final String ADMIN = "killed-writer-admin-key-0123456789";

  @Test
  void whatAKilledWriterAcknowledgedIsInTheOtherInstancesNextReads() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    try (CuttableProxy proxy = new CuttableProxy(TestServers.redis().port());
        JarProcess writer =
            new JarProcess(
                Map.of(
                    "DATABASE_URL", database.jdbcUrl(),
                    "REDIS_URL", proxy.url(),
                    "PARLEY_ADMIN_KEY", ADMIN));
        ExternalApp reader =
            new ExternalApp(database.jdbcUrl(), TestServers.redis().url(), "api.adminKey", ADMIN)) {
      Reply tenant =
          writer.api.post("/v1/tenants", ADMIN, "{\"name\":\"K\",\"slug\":\"killed-writer\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      String path =
          base + "/conversations/" + Fixtures.start(writer.api, base, key, "+254766000001");
      String message = "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"T\"}";
      String context = "{\"listType\":\"products\",\"items\":[{\"id\":\"p\",\"title\":\"T\"}]}";
      assertThat(writer.api.post(path + "/messages", key, message.replace("T", "one")).status())
          .isEqualTo(201);
      assertThat(
              reader
                  .api
                  .get(path + "/messages?limit=20", key)
                  .body()
                  .at("/messages/0/seq")
                  .asLong())
          .isEqualTo(1);
      assertThat(reader.api.get(path + "/reference-context", key).status()).isEqualTo(404);

      proxy.cut();
      Reply appended = writer.api.post(path + "/messages", key, message.replace("T", "two"));
      Reply put =
          writer.api.sendRaw(
              "PUT",
              path + "/reference-context",
              key,
              context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      writer.kill();

      assertThat(appended.status()).isEqualTo(201);
      assertThat(put.status()).isEqualTo(201);
      assertThat(
              reader
                  .api
                  .get(path + "/messages?limit=20", key)
                  .body()
                  .at("/messages/0/seq")
                  .asLong())
          .as("the newest page on the instance that held the window")
          .isEqualTo(appended.body().path("seq").asLong());
      assertThat(
              reader
                  .api
                  .get(path + "/agent-context", key)
                  .body()
                  .at("/referenceContext/version")
                  .asLong())
          .isEqualTo(put.body().path("version").asLong());
      assertThat(reader.api.get(path + "/reference-context", key).status()).isEqualTo(200);
    }
  }
}
