package io.parley.adapters.postgres;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter.MessageKind;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.MessageStore.NewMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * A batch of appends in one transaction: provider ids already stored answer their message; each
 * conversation's counters move once (conversations taken in id order, so concurrent batches never
 * deadlock) and hand out its seqs in input order; every new row goes in one multi-row INSERT.
 */
final class MessageBatch {
  private MessageBatch() {}

  static List<Optional<AppendedMessage>> append(
      Handle handle, TenantId tenant, List<NewMessage> messages) {
    List<Optional<AppendedMessage>> outcomes = new ArrayList<>();
    messages.forEach(m -> outcomes.add(null));
    Map<String, Message> stored = storedProviderIds(handle, tenant, messages);
    Map<String, Integer> firstInBatch = new HashMap<>();
    Map<ConversationId, List<Integer>> fresh =
        new TreeMap<>(java.util.Comparator.comparing(ConversationId::value));
    for (int i = 0; i < messages.size(); i++) {
      NewMessage message = messages.get(i);
      String provider = message.providerMessageId();
      if (provider != null && stored.containsKey(provider)) {
        outcomes.set(i, Optional.of(new AppendedMessage(stored.get(provider), false)));
      } else if (provider != null && firstInBatch.containsKey(provider)) {
        outcomes.set(i, Optional.empty()); // filled from its first occurrence below
      } else {
        if (provider != null) {
          firstInBatch.put(provider, i);
        }
        fresh.computeIfAbsent(message.conversationId(), c -> new ArrayList<>()).add(i);
      }
    }
    List<Message> rows = new ArrayList<>();
    Map<ConversationId, Long> lastSeqs = bump(handle, tenant, fresh, messages);
    for (Map.Entry<ConversationId, List<Integer>> conversation : fresh.entrySet()) {
      List<Integer> positions = conversation.getValue();
      Long last = lastSeqs.get(conversation.getKey()); // null: no such conversation
      for (int k = 0; k < positions.size(); k++) {
        int i = positions.get(k);
        if (last == null) {
          outcomes.set(i, Optional.empty());
          continue;
        }
        Message message =
            MessageJdbiAdapter.stored(messages.get(i), last - positions.size() + 1 + k);
        rows.add(message);
        outcomes.set(i, Optional.of(new AppendedMessage(message, true)));
      }
    }
    insert(handle, tenant, rows);
    List<String> providerIds =
        rows.stream().map(Message::providerMessageId).filter(id -> id != null).toList();
    if (!providerIds.isEmpty()) {
      Map<String, Message> applied =
          DeliveryStatuses.applyHeld(handle, tenant, providerIds, rows.get(0).createdAt());
      for (int i = 0; i < outcomes.size(); i++) {
        Optional<AppendedMessage> outcome = outcomes.get(i);
        Message held =
            outcome == null || outcome.isEmpty()
                ? null
                : applied.get(outcome.get().message().providerMessageId());
        if (held != null && outcome.get().created()) {
          outcomes.set(i, Optional.of(new AppendedMessage(held, true)));
        }
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      String provider = messages.get(i).providerMessageId();
      Integer first = provider == null ? null : firstInBatch.get(provider);
      if (first != null && first != i) {
        outcomes.set(i, outcomes.get(first).map(a -> new AppendedMessage(a.message(), false)));
      }
    }
    return outcomes;
  }

  private static Map<String, Message> storedProviderIds(
      Handle handle, TenantId tenant, List<NewMessage> messages) {
    String[] ids =
        messages.stream()
            .map(NewMessage::providerMessageId)
            .filter(id -> id != null)
            .distinct()
            .toArray(String[]::new);
    Map<String, Message> stored = new HashMap<>();
    if (ids.length > 0) {
      handle
          .createQuery(
              "SELECT "
                  + MessageJdbiAdapter.COLUMNS
                  + " FROM messages m WHERE m.tenant_id = :tenant"
                  + " AND m.provider_message_id = ANY(:ids)")
          .bind("tenant", tenant.value())
          .bind("ids", ids)
          .map(MessageJdbiAdapter::map)
          .forEach(m -> stored.put(m.providerMessageId(), m));
    }
    return stored;
  }

  /**
   * Moves each conversation's counters by its new messages, all in one statement that first locks
   * the rows in id order (so concurrent batches never deadlock); the new last seq of each that
   * exists.
   */
  private static Map<ConversationId, Long> bump(
      Handle handle,
      TenantId tenant,
      Map<ConversationId, List<Integer>> fresh,
      List<NewMessage> messages) {
    int n = fresh.size();
    String[] ids = new String[n];
    int[] counts = new int[n];
    String[] deltas = new String[n];
    String[] newest = new String[n];
    String[] inbound = new String[n];
    String[] manual = new String[n];
    String[] starts = new String[n];
    String[] agentSent = new String[n];
    int c = 0;
    for (Map.Entry<ConversationId, List<Integer>> conversation : fresh.entrySet()) {
      Map<String, Integer> kinds = new LinkedHashMap<>();
      Instant latest = Instant.EPOCH;
      Instant latestInbound = null;
      Instant latestAgent = null;
      boolean startsHandoff = false;
      for (int i : conversation.getValue()) {
        NewMessage m = messages.get(i);
        if (m.type() == io.parley.domain.model.MessageType.MANUAL_OUTBOUND) {
          latestAgent =
              latestAgent == null || m.sentOrCreatedAt().isAfter(latestAgent)
                  ? m.sentOrCreatedAt()
                  : latestAgent;
          startsHandoff |=
              io.parley.domain.model.Handoff.startedBy(
                  m.type(), m.sentOrCreatedAt(), m.createdAt());
        }
        if (m.type() == io.parley.domain.model.MessageType.CUSTOMER_INBOUND
            && (latestInbound == null || m.sentOrCreatedAt().isAfter(latestInbound))) {
          latestInbound = m.sentOrCreatedAt();
        }
        kinds.merge(new MessageKind(m.direction(), m.type()).key(), 1, Integer::sum);
        latest = m.createdAt().isAfter(latest) ? m.createdAt() : latest;
      }
      StringBuilder delta = new StringBuilder("{");
      kinds.forEach(
          (kind, count) ->
              delta
                  .append(delta.length() > 1 ? "," : "")
                  .append('"')
                  .append(kind)
                  .append("\":")
                  .append(count));
      ids[c] = conversation.getKey().value().toString();
      counts[c] = conversation.getValue().size();
      deltas[c] = delta.append('}').toString();
      newest[c] = latest.toString();
      inbound[c] = latestInbound == null ? null : latestInbound.toString();
      manual[c] = Boolean.toString(latestAgent != null);
      starts[c] = Boolean.toString(startsHandoff);
      agentSent[c] = latestAgent == null ? null : latestAgent.toString();
      c++;
    }
    Map<ConversationId, Long> last = new HashMap<>();
    handle
        .createQuery(
            """
            WITH d AS (
              SELECT d.id::uuid AS id, d.n, d.delta::jsonb AS delta, d.newest::timestamptz AS newest,
                     d.inbound::timestamptz AS inbound, d.manual::boolean AS manual,
                     d.starts::boolean AS starts, d.agent_sent::timestamptz AS agent_sent
              FROM unnest(:ids, :counts, :deltas, :newest, :inbound, :manual, :starts, :agentSent)
                AS d(id, n, delta, newest, inbound, manual, starts, agent_sent)),
            locked AS (
              SELECT c.id FROM conversations c
              WHERE c.tenant_id = :tenant AND c.id IN (SELECT id FROM d)
              ORDER BY c.id FOR UPDATE)
            UPDATE conversations c SET
              last_seq = c.last_seq + d.n,
              message_count = c.message_count + d.n,
              message_counts = c.message_counts || (
                SELECT jsonb_object_agg(k.key, COALESCE((c.message_counts ->> k.key)::bigint, 0)
                                               + k.value::bigint)
                FROM jsonb_each_text(d.delta) k),
              updated_at = GREATEST(c.updated_at, d.newest),
              last_inbound_at = GREATEST(c.last_inbound_at, d.inbound),
            %s
            FROM d JOIN locked USING (id)
            WHERE c.tenant_id = :tenant AND c.id = d.id
            RETURNING c.id, c.last_seq"""
                .formatted(
                    HandoffSql.agentMessage(
                        "c.", "d.manual", "d.starts", "d.agent_sent", "CAST(:now AS timestamptz)")))
        .bind("tenant", tenant.value())
        .bind("ids", ids)
        .bind("counts", counts)
        .bind("deltas", deltas)
        .bind("newest", newest)
        .bind("inbound", inbound)
        .bind("manual", manual)
        .bind("starts", starts)
        .bind("agentSent", agentSent)
        .bind("now", Rows.utc(messages.get(0).createdAt()))
        .map(
            (rs, ctx) -> Map.entry(new ConversationId(Rows.uuid(rs, "id")), rs.getLong("last_seq")))
        .forEach(e -> last.put(e.getKey(), e.getValue()));
    return last;
  }

  private static void insert(Handle handle, TenantId tenant, List<Message> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    String[] conversations = new String[n];
    long[] seqs = new long[n];
    String[] ids = new String[n];
    String[] directions = new String[n];
    String[] types = new String[n];
    String[] texts = new String[n];
    String[] payloads = new String[n];
    String[] providers = new String[n];
    String[] created = new String[n];
    String[] sent = new String[n];
    for (int i = 0; i < n; i++) {
      Message m = rows.get(i);
      conversations[i] = m.conversationId().value().toString();
      seqs[i] = m.seq();
      ids[i] = m.id().value().toString();
      directions[i] = m.direction().wireName();
      types[i] = m.type().wireName();
      texts[i] = m.text();
      payloads[i] = m.payloadJson();
      providers[i] = m.providerMessageId();
      created[i] = m.createdAt().toString();
      sent[i] = m.sentAt().toString();
    }
    handle
        .createUpdate(
            """
            INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text,
                                  payload, provider_message_id, created_at, sent_at)
            SELECT :tenant, r.conversation_id::uuid, r.seq, r.id::uuid, r.direction, r.type,
                   r.text, CAST(r.payload AS jsonb), r.provider_message_id,
                   r.created_at::timestamptz, r.sent_at::timestamptz
            FROM unnest(:conversations, :seqs, :ids, :directions, :types, :texts, :payloads,
                        :providers, :created, :sent)
              AS r(conversation_id, seq, id, direction, type, text, payload, provider_message_id,
                   created_at, sent_at)""")
        .bind("tenant", tenant.value())
        .bind("conversations", conversations)
        .bind("seqs", seqs)
        .bind("ids", ids)
        .bind("directions", directions)
        .bind("types", types)
        .bind("texts", texts)
        .bind("payloads", payloads)
        .bind("providers", providers)
        .bind("created", created)
        .bind("sent", sent)
        .execute();
  }
}
