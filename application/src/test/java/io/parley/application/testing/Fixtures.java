package io.parley.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Rows and keys the application tests of several capabilities set up or look for. */
public final class Fixtures {
  private Fixtures() {}

  /** Starts (or resumes) the conversation of {@code address} under {@code base}; its id. */
  public static String start(ApiClient api, String base, String key, String address) {
    Reply started =
        api.post(
            base + "/conversations",
            key,
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"" + address + "\"}}");
    assertThat(started.status()).isIn(200, 201);
    return started.text("id");
  }

  /** Messages stored straight into the table (as a long history would be), counters to match. */
  public static void storeMessages(DataSource data, String tenant, String conversation, int count)
      throws Exception {
    try (Connection connection = data.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text,"
                    + " created_at) SELECT ?::uuid, ?::uuid, s, gen_random_uuid(), 'in',"
                    + " 'customer_inbound', 'nataka viatu ' || s, now() FROM generate_series(1, ?) s");
        PreparedStatement counters =
            connection.prepareStatement(
                "UPDATE conversations SET last_seq = ?, message_count = ?,"
                    + " message_counts = jsonb_build_object('in.customer_inbound', ?)"
                    + " WHERE tenant_id = ?::uuid AND id = ?::uuid")) {
      insert.setString(1, tenant);
      insert.setString(2, conversation);
      insert.setInt(3, count);
      insert.executeUpdate();
      counters.setInt(1, count);
      counters.setInt(2, count);
      counters.setInt(3, count);
      counters.setString(4, tenant);
      counters.setString(5, conversation);
      assertThat(counters.executeUpdate()).isEqualTo(1);
    }
  }

  /** Keys of the shared Redis whose name holds one of {@code ids}, with value and TTL. */
  public static List<String> redisKeysNaming(String... ids) {
    List<String> found = new ArrayList<>();
    URI uri = URI.create(TestServers.redis().url());
    try (Jedis jedis = new Jedis(uri.getHost(), uri.getPort())) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000));
        for (String key : page.getResult()) {
          for (String id : ids) {
            if (key.contains(id)) {
              found.add(key + " = " + jedis.get(key) + " (ttl " + jedis.pttl(key) + " ms)");
            }
          }
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return found;
  }
}
