package io.parley.adapters.demo;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * Fills one conversation with {@code count} alternating inbound/outbound messages in a single
 * INSERT ... SELECT, with the counters the service keeps: how the plan tests and the depth
 * benchmark get a very long conversation in seconds.
 */
public final class LongConversation {
  private LongConversation() {}

  public static void fill(Jdbi jdbi, TenantId tenant, ConversationId conversation, int count) {
    jdbi.useHandle(
        h -> {
          h.createUpdate(
                  """
                  INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text, created_at)
                  SELECT :tenant, :conversation, g, gen_random_uuid(),
                         CASE WHEN g % 2 = 0 THEN 'out' ELSE 'in' END,
                         CASE WHEN g % 2 = 0 THEN 'bot_response' ELSE 'customer_inbound' END,
                         'message ' || g, now() - make_interval(secs => :count - g)
                  FROM generate_series(1, :count) g""")
              .bind("tenant", tenant.value())
              .bind("conversation", conversation.value())
              .bind("count", count)
              .execute();
          h.createUpdate(
                  """
                  UPDATE conversations SET last_seq = :count, message_count = :count,
                    message_counts = jsonb_build_object('in.customer_inbound', :count - :count / 2,
                                                        'out.bot_response', :count / 2)
                  WHERE tenant_id = :tenant AND id = :conversation""")
              .bind("tenant", tenant.value())
              .bind("conversation", conversation.value())
              .bind("count", count)
              .execute();
        });
  }
}
