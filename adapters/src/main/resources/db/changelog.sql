--liquibase formatted sql

-- Parley's schema. tenant_id leads every primary key and every index, so every query is
-- tenant-scoped by construction and the tables can later be distributed by tenant.

--changeset parley:1-tenants
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT tenants_slug_unique UNIQUE (slug)
);

CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  key_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- The key's text carries its tenant, so the lookup is (tenant_id, key_hash) like everything else.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (tenant_id, key_hash);

--changeset parley:1-conversations
CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  channel text NOT NULL,
  address text NOT NULL,
  name text,
  language text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT customers_address_unique UNIQUE (tenant_id, channel, address)
);

CREATE TABLE conversations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  channel text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'bot', 'handoff', 'closed', 'dormant')),
  -- last_seq hands out message seqs; message_count counts stored messages (equal for as long
  -- as messages are never deleted); message_counts counts them per "direction.type", so that
  -- page-number paging gets any filter's total from this row instead of COUNT(*).
  last_seq bigint NOT NULL DEFAULT 0,
  message_count bigint NOT NULL DEFAULT 0,
  message_counts jsonb NOT NULL DEFAULT '{}',
  summary text,
  key_facts jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
-- Listing by status, most recently updated first (the original's third index), and without one.
CREATE INDEX conversations_by_status ON conversations (tenant_id, status, updated_at DESC, id DESC);
CREATE INDEX conversations_by_update ON conversations (tenant_id, updated_at DESC, id DESC);
-- At most one active conversation per customer: makes get-or-create safe under concurrency.
CREATE UNIQUE INDEX conversations_one_active ON conversations (tenant_id, customer_id)
  WHERE status IN ('open', 'bot', 'handoff');

--changeset parley:1-messages
CREATE TABLE messages (
  tenant_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  type text NOT NULL CHECK (type IN ('customer_inbound', 'bot_response',
    'automated_transactional', 'automated_reminder', 'automated_reengagement',
    'scheduled_promotional', 'manual_outbound', 'system')),
  text text,
  payload jsonb,
  provider_message_id text,
  created_at timestamptz NOT NULL,
  -- History in arrival order: the newest page and every cursor page are range scans of this key.
  PRIMARY KEY (tenant_id, conversation_id, seq),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
);
-- The original's filtered access paths: by direction and by type, each in arrival order.
CREATE INDEX messages_by_direction ON messages (tenant_id, conversation_id, direction, seq);
CREATE INDEX messages_by_type ON messages (tenant_id, conversation_id, type, seq);
-- Idempotent webhook delivery: a provider message id is stored once per tenant.
CREATE UNIQUE INDEX messages_by_provider_id ON messages (tenant_id, provider_message_id)
  WHERE provider_message_id IS NOT NULL;

--changeset parley:2-reference-contexts
-- context_version hands out reference-context versions, as last_seq does for messages: taken
-- in the statement that inserts the context, so concurrent PUTs serialize on the row.
ALTER TABLE conversations ADD COLUMN context_version bigint NOT NULL DEFAULT 0;

CREATE TABLE reference_contexts (
  tenant_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  version bigint NOT NULL,
  id uuid NOT NULL,
  list_type text NOT NULL CHECK (list_type IN ('products', 'services', 'appointments', 'orders')),
  -- The items as given, in position order: [{"id": ..., "title": ..., ...}, ...]. json, not
  -- jsonb: never queried inside, and it keeps each item's fields in the client's order.
  items json NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- The current context is the newest version: a backward scan of this key, one row.
  PRIMARY KEY (tenant_id, conversation_id, version),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
);

--changeset parley:3-catalog
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- btree_gin lets the trigram GIN indexes lead with tenant_id.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- The tenant's catalog version, bumped by every catalog write (caches file results under it),
-- and the active item counts suggestions report, kept so no read needs COUNT(*).
CREATE TABLE catalog_versions (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  version bigint NOT NULL,
  active_products bigint NOT NULL DEFAULT 0,
  active_services bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE INDEX catalog_versions_recent ON catalog_versions (updated_at DESC);

CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  external_source text,
  external_id text,
  title text NOT NULL,
  description text,
  price numeric(12, 2) NOT NULL,
  currency text NOT NULL,
  sku text,
  stock integer CHECK (stock >= 0),
  active boolean NOT NULL,
  images jsonb NOT NULL,
  attributes jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- English stems for English words, 'simple' keeps Swahili (and brand) words as they are.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('simple', title), 'A')
    || setweight(jsonb_to_tsvector('simple', attributes, '["string"]'), 'B')
    || setweight(to_tsvector('english', coalesce(description, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) STORED,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT products_external_unique UNIQUE (tenant_id, external_source, external_id)
);
-- The full-text GIN index is the one exception to tenant-led keys. Measured on a 20,000-product
-- tenant, PostgreSQL would not use a (tenant_id, search) btree_gin index (the tenant key matches
-- every entry of a big tenant, so the estimate never wins) and scanned the table; on the bare
-- column it intersects posting lists and filters the tenant on the few heap rows it fetches.
-- The trigram index keeps tenant_id first: there the planner does use it.
CREATE INDEX products_search ON products USING gin (search) WHERE active;
CREATE INDEX products_title_trigrams ON products USING gin (tenant_id, title gin_trgm_ops) WHERE active;
CREATE INDEX products_newest ON products (tenant_id, created_at DESC, id DESC) WHERE active;

CREATE TABLE product_variants (
  tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  sku text,
  price numeric(12, 2),
  stock integer CHECK (stock >= 0),
  attributes jsonb NOT NULL,
  PRIMARY KEY (tenant_id, product_id, position),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE services (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  external_source text,
  external_id text,
  title text NOT NULL,
  description text,
  base_price numeric(12, 2) NOT NULL,
  currency text NOT NULL,
  requires_slot boolean NOT NULL,
  active boolean NOT NULL,
  attributes jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('simple', title), 'A')
    || setweight(jsonb_to_tsvector('simple', attributes, '["string"]'), 'B')
    || setweight(to_tsvector('english', coalesce(description, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) STORED,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT services_external_unique UNIQUE (tenant_id, external_source, external_id)
);
CREATE INDEX services_search ON services USING gin (search) WHERE active;
CREATE INDEX services_title_trigrams ON services USING gin (tenant_id, title gin_trgm_ops) WHERE active;
CREATE INDEX services_newest ON services (tenant_id, created_at DESC, id DESC) WHERE active;

CREATE TABLE service_variants (
  tenant_id uuid NOT NULL,
  service_id uuid NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
  price numeric(12, 2) NOT NULL,
  PRIMARY KEY (tenant_id, service_id, position),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);

--changeset parley:3-trigram-threshold splitStatements:false
-- Typo tolerance: "sneekers" scores 0.5 against "Nike Sneakers" and "samsng" 0.57 against
-- "Samsung Galaxy", under pg_trgm's default word-similarity threshold of 0.6. The indexed
-- operator (<%) reads the threshold from this setting, so it is set for the role that runs
-- the service (new sessions pick it up).
DO $$ BEGIN
  EXECUTE format('ALTER ROLE %I SET pg_trgm.word_similarity_threshold = 0.45', current_user);
END $$;

--changeset parley:4-customer-lookup
-- Finding a customer by address on any channel (customers_address_unique leads with channel),
-- and a customer's conversations, newest first, with their count and latest activity.
CREATE INDEX customers_by_address ON customers (tenant_id, address);
CREATE INDEX conversations_by_customer ON conversations (tenant_id, customer_id, updated_at DESC, id DESC);

--changeset parley:5-erasures
-- One audit row per erasure, which is also the erasure's progress: its counts move in the same
-- transaction as the rows they count. No personal data: the subject is a one-way hash of tenant
-- and customer id (so a repeated request finds its erasure), never the id, address or name. No
-- foreign key to tenants: the rows outlive a removed tenant.
CREATE TABLE erasures (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('customer', 'tenant')),
  subject_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'completed')),
  conversations bigint NOT NULL DEFAULT 0,
  messages bigint NOT NULL DEFAULT 0,
  reference_contexts bigint NOT NULL DEFAULT 0,
  requested_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  completed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT erasures_one_per_subject UNIQUE (tenant_id, subject_hash)
);
CREATE INDEX erasures_newest ON erasures (tenant_id, requested_at DESC, id DESC);

--changeset parley:6-retention
-- A tenant's data-lifecycle settings (null: keep forever, never dormant).
ALTER TABLE tenants ADD COLUMN message_days integer CHECK (message_days BETWEEN 1 AND 3650);
ALTER TABLE tenants ADD COLUMN closed_conversation_days integer
  CHECK (closed_conversation_days BETWEEN 1 AND 3650);
ALTER TABLE tenants ADD COLUMN dormant_after_hours integer
  CHECK (dormant_after_hours BETWEEN 1 AND 8760);
-- Retention deletes a conversation's oldest messages, a prefix in seq order: the messages left
-- are seqs trimmed_seq + 1 .. last_seq, still dense, so page N stays a seq range.
ALTER TABLE conversations ADD COLUMN trimmed_seq bigint NOT NULL DEFAULT 0;
-- Which instance runs a job that must run once at a time (the retention pass), until when, and
-- when a run last succeeded (on any instance).
CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL,
  last_success timestamptz
);

--changeset parley:7-tenant-removal
-- A tenant being removed: its keys are revoked, no new key is issued, and its data goes in the
-- background; the row itself goes last, which frees the slug.
ALTER TABLE tenants ADD COLUMN removed_at timestamptz;

--changeset parley:8-message-indexes runInTransaction:false
-- Fewer B-trees per append (issue 15; bench/run.sh measures each index's cost per insert with
-- pgbench in the same run). Customer and bot messages are nearly all of a conversation and
-- alternate, so a direction filter, and a type filter for those two types, are served by the
-- primary key in seq order reading about two rows per row returned. The other types (automated,
-- promotional, manual, system) can be rare in a long conversation, so they keep an index, partial,
-- which the appends of customer and bot messages never touch. CONCURRENTLY: a deployed messages
-- table keeps taking writes while this runs.
CREATE INDEX CONCURRENTLY IF NOT EXISTS messages_by_rare_type ON messages (tenant_id, conversation_id, type, seq)
  WHERE type NOT IN ('customer_inbound', 'bot_response');
DROP INDEX CONCURRENTLY IF EXISTS messages_by_direction;
DROP INDEX CONCURRENTLY IF EXISTS messages_by_type;

--changeset parley:9-typo-candidates splitStatements:false
-- The typo arm of catalog search (CatalogSql.ranked): the first :candidates active items of a
-- tenant whose title nearly contains the text, taken from the trigram index. It is a function
-- only so that the scan can be pinned: with a LIMIT, PostgreSQL costs the similarity check as
-- cheap and walks the whole table (measured 15-18 ms on 100,000 products) where the trigram
-- bitmap needs 5-10 ms; SET enable_seqscan here is the one way to say so for one statement.
-- kind is 'products' or 'services' (Parley's code passes one of the two, nothing else).
CREATE FUNCTION catalog_typo_candidates(kind text, tenant uuid, query text,
                                        in_stock_only boolean, candidates integer)
RETURNS TABLE (id uuid, created_at timestamptz, score float8)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
AS $$
BEGIN
  IF kind NOT IN ('products', 'services') THEN
    RAISE EXCEPTION 'catalog_typo_candidates: unknown kind %', kind;
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT p.id, p.created_at, word_similarity($2, p.title)::float8 FROM %I p'
    ' WHERE p.tenant_id = $1 AND p.active AND $2 <%% p.title%s LIMIT $3',
    kind, CASE WHEN in_stock_only THEN ' AND (p.stock IS NULL OR p.stock > 0)' ELSE '' END)
  USING tenant, query, candidates;
END $$;

--changeset parley:23-cache-changes
-- Cache changes that must reach every instance even when the writer could not tell Redis (cut off
-- from it, or gone right after its commit): each instance reads the recent rows before it renews
-- its cache lease, drops what they name from its near-caches and moves Redis past them. Rows are
-- rare (only when the shared tier missed a write, and erasures) and pruned after minutes. Not
-- distributed by tenant (on the coordinator only, like leases): every instance reads them all.
CREATE TABLE cache_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  tenant_id uuid NOT NULL,
  subject text NOT NULL,
  version bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- set once some instance has moved Redis past the change; only then may the row be pruned
  applied boolean NOT NULL DEFAULT false
);
CREATE INDEX cache_changes_by_time ON cache_changes (created_at);
CREATE INDEX cache_changes_unapplied ON cache_changes (id) WHERE NOT applied;
--changeset parley:26-quoted-replies-column
-- The outbound message that showed a reference-context version (issue 26: a reply quoting it
-- resolves against that list). Nullable, no default: a catalog-only change, no table rewrite.
ALTER TABLE reference_contexts ADD COLUMN IF NOT EXISTS provider_message_id text;

--changeset parley:26-quoted-replies-index runInTransaction:false
-- A quoted reply's one statement: the newest version a message showed in its conversation.
-- Partial (most lists may carry no message id), and CONCURRENTLY: the table keeps taking writes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS reference_contexts_by_message
  ON reference_contexts (tenant_id, conversation_id, provider_message_id, version DESC)
  WHERE provider_message_id IS NOT NULL;
--changeset parley:26-1-message-time-and-delivery
-- Issue 26. Online on a large messages table: each ADD COLUMN is nullable with no default, a
-- catalog-only change (no table rewrite, no scan; the ACCESS EXCLUSIVE lock is held for
-- milliseconds). Rows stored before read sent_at as null, which means created_at.
-- sent_at: the provider's time of the message (arrival order stays seq).
ALTER TABLE messages ADD COLUMN sent_at timestamptz;
-- The standing delivery status: 1 sent, 2 delivered, 3 failed, 4 read (the higher wins), the time
-- the provider gave for it, and its error; null until the first status arrives.
ALTER TABLE messages ADD COLUMN delivery_rank smallint;
ALTER TABLE messages ADD COLUMN delivery_at timestamptz;
ALTER TABLE messages ADD COLUMN delivery_error_code text;
ALTER TABLE messages ADD COLUMN delivery_error_title text;

--changeset parley:26-2-held-statuses
-- Delivery statuses that arrived before their message (a provider's webhook can beat the bot's own
-- record of what it sent): one row per provider id, holding the winning status so far, until the
-- append that stores the message takes it, or until expires_at (statuses.pendingTtl).
CREATE TABLE held_statuses (
  tenant_id uuid NOT NULL,
  provider_message_id text NOT NULL,
  rank smallint NOT NULL CHECK (rank BETWEEN 1 AND 4),
  at timestamptz NOT NULL,
  code text,
  title text,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider_message_id)
);
CREATE INDEX held_statuses_expiring ON held_statuses (tenant_id, expires_at);

--changeset parley:26-3-last-inbound
-- The newest customer message's provider time (the 24-hour service window runs from it), moved by
-- the append statements; null until the customer writes. Nullable, no default: no rewrite.
ALTER TABLE conversations ADD COLUMN last_inbound_at timestamptz;

--changeset parley:26-4-handoff
-- A human handoff, as stored: set while one holds (status is then 'handoff'), cleared when it is
-- ended by a write. It also ends by itself at handoff_until, or handoff_idle_minutes after the
-- agent's last message (handoff_agent_at; the tenant's setting when the handoff began or the agent
-- last wrote): reads decide that at read time, so no sweeper is needed. handoff_prior_status is the
-- status it returns to. Nullable, no defaults: no rewrite.
ALTER TABLE conversations ADD COLUMN handoff_since timestamptz;
ALTER TABLE conversations ADD COLUMN handoff_assignee text;
ALTER TABLE conversations ADD COLUMN handoff_reason text;
ALTER TABLE conversations ADD COLUMN handoff_until timestamptz;
ALTER TABLE conversations ADD COLUMN handoff_agent_at timestamptz;
ALTER TABLE conversations ADD COLUMN handoff_prior_status text;
ALTER TABLE conversations ADD COLUMN handoff_idle_minutes integer;
ALTER TABLE tenants ADD COLUMN handoff_idle_minutes integer
  CHECK (handoff_idle_minutes BETWEEN 1 AND 43200);
--changeset parley:25-1-key-scopes
-- Key scopes (issue 25): every key issued before scopes existed may manage its tenant, as the
-- first key of a new tenant does; new keys name their scope. ADD COLUMN with a constant default
-- is a catalog change only (PostgreSQL 11+); api_keys is small, so the CHECK's scan is brief.
ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'manage'
  CHECK (scope IN ('bot', 'manage'));
ALTER TABLE api_keys ALTER COLUMN scope DROP DEFAULT;
-- Written at most once a minute per key, in batches, never on the request path.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
-- The audit trail of keys: who issued or revoked which key, when (never a secret or a hash).
-- actor is 'admin' or 'key:<id of the key that did it>'.
CREATE TABLE api_key_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key_id uuid NOT NULL,
  event text NOT NULL CHECK (event IN ('issued', 'revoked')),
  actor text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key_id, event)
);

--changeset parley:25-2-tenant-request-limit
-- A tenant's own request limit (requests per second), set by the operator; null: the
-- service-wide api.tenantRequestsPerSecond.
ALTER TABLE tenants ADD COLUMN requests_per_second integer
  CHECK (requests_per_second BETWEEN 1 AND 1000000);

--changeset parley:27-1-change-log-events
-- The change log becomes the outbox of webhook events (issue 27): one log, two readers. Rows with
-- a kind are cache changes (as in changeset 23: read by every instance before it renews its
-- cache lease); rows with an event_type are events, written by the triggers below in the
-- transaction of the change they report (so none for a rolled-back change, none lost when the
-- writer dies after its commit), fanned out to webhooks by one relay at a time and kept
-- webhooks.retention for replays. content holds message text and payload, only for webhooks
-- with includeContent; an erasure sets it to null for the erased customer's conversations.
ALTER TABLE cache_changes RENAME TO changes;
ALTER TABLE changes ALTER COLUMN kind DROP NOT NULL;
ALTER TABLE changes ALTER COLUMN subject DROP NOT NULL;
ALTER TABLE changes ALTER COLUMN version DROP NOT NULL;
ALTER TABLE changes ADD COLUMN event_id uuid;
ALTER TABLE changes ADD COLUMN event_type text;
ALTER TABLE changes ADD COLUMN conversation_id uuid;
ALTER TABLE changes ADD COLUMN data jsonb;
ALTER TABLE changes ADD COLUMN content jsonb;
ALTER TABLE changes ADD COLUMN relayed boolean NOT NULL DEFAULT false;
ALTER TABLE changes ADD CONSTRAINT changes_one_kind
  CHECK ((kind IS NULL) <> (event_type IS NULL));
DROP INDEX cache_changes_by_time;
DROP INDEX cache_changes_unapplied;
CREATE INDEX changes_cache_by_time ON changes (created_at) WHERE kind IS NOT NULL;
CREATE INDEX changes_cache_unapplied ON changes (id) WHERE kind IS NOT NULL AND NOT applied;
CREATE INDEX changes_unrelayed ON changes (id) WHERE event_type IS NOT NULL AND NOT relayed;
CREATE INDEX changes_events_by_time ON changes (created_at) WHERE event_type IS NOT NULL;
CREATE INDEX changes_content_by_conversation ON changes (tenant_id, conversation_id)
  WHERE content IS NOT NULL;

-- A tenant's webhooks. The secret signs deliveries (HMAC-SHA256), so it is kept as given out; it
-- is never returned after creation nor cached. lease_holder/lease_until: the instance delivering
-- this webhook's events (one at a time; a dead instance's lease runs out).
CREATE TABLE webhooks (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  url text NOT NULL,
  events text[] NOT NULL,
  include_content boolean NOT NULL,
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  lease_holder text,
  lease_until timestamptz,
  PRIMARY KEY (tenant_id, id)
);

-- One row per event and webhook, made by the relay in the log's order; within a conversation a
-- webhook gets its events in the order of id. status: pending (not tried yet, or replayed),
-- failed (tried; retried at next_attempt_at), delivered, dead (retried webhooks.retryFor).
CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  webhook_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  change_id bigint NOT NULL,
  queue text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'failed', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  retry_from timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  PRIMARY KEY (tenant_id, webhook_id, id),
  FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_open ON webhook_deliveries (tenant_id, webhook_id, queue, id)
  WHERE status IN ('pending', 'failed');
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (tenant_id, webhook_id, status, id);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (tenant_id, created_at);
CREATE INDEX webhook_deliveries_by_change ON webhook_deliveries (tenant_id, change_id);

--changeset parley:27-2-event-triggers splitStatements:false
-- The events, written by triggers in the transaction of the change: every path that appends a
-- message, moves a delivery status, changes a conversation's status or handoff, or stores a
-- reference context reports it, whatever code runs it. A connection with parley.outbox = 'off'
-- writes none (the benchmark's comparison; config webhooks.outbox).
CREATE FUNCTION parley_outbox_on() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('parley.outbox', true), '') <> 'off'
$$;

CREATE FUNCTION parley_delivery_status(rank smallint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['sent', 'delivered', 'failed', 'read'])[rank]
$$;

CREATE FUNCTION parley_messages_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_outbox_on() THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data, content)
    SELECT gen_random_uuid(), 'message.created', n.tenant_id, n.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('messageId', n.id, 'seq', n.seq,
        'direction', n.direction, 'type', n.type, 'providerMessageId', n.provider_message_id,
        'sentAt', n.sent_at, 'deliveryStatus', parley_delivery_status(n.delivery_rank))),
      jsonb_build_object('text', n.text, 'payload', n.payload)
    FROM inserted n ORDER BY n.conversation_id, n.seq;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_outbox_created AFTER INSERT ON messages
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION parley_messages_created();

CREATE FUNCTION parley_messages_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_outbox_on() THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    SELECT gen_random_uuid(), 'message.status', n.tenant_id, n.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('messageId', n.id, 'seq', n.seq,
        'providerMessageId', n.provider_message_id,
        'status', parley_delivery_status(n.delivery_rank), 'at', n.delivery_at,
        'errorCode', n.delivery_error_code, 'errorTitle', n.delivery_error_title))
    FROM after_rows n JOIN before_rows o
      ON o.tenant_id = n.tenant_id AND o.conversation_id = n.conversation_id AND o.seq = n.seq
    WHERE n.delivery_rank IS DISTINCT FROM o.delivery_rank
    ORDER BY n.conversation_id, n.seq;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_outbox_status AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION parley_messages_status();

CREATE FUNCTION parley_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT parley_outbox_on() THEN
    RETURN NULL;
  END IF;
  INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
  VALUES (gen_random_uuid(), 'conversation.updated', NEW.tenant_id, NEW.id,
    jsonb_build_object('status', NEW.status, 'previousStatus', OLD.status,
      'customerId', NEW.customer_id, 'summaryChanged', OLD.summary IS DISTINCT FROM NEW.summary,
      'keyFactsChanged', OLD.key_facts IS DISTINCT FROM NEW.key_facts));
  IF NEW.handoff_since IS NOT NULL AND NEW.handoff_since IS DISTINCT FROM OLD.handoff_since THEN
    IF OLD.handoff_since IS NOT NULL THEN
      INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
      VALUES (gen_random_uuid(), 'handoff.ended', NEW.tenant_id, NEW.id,
        jsonb_build_object('since', OLD.handoff_since, 'reason', OLD.handoff_reason));
    END IF;
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'handoff.started', NEW.tenant_id, NEW.id,
      jsonb_strip_nulls(jsonb_build_object('since', NEW.handoff_since,
        'assignee', NEW.handoff_assignee, 'reason', NEW.handoff_reason,
        'until', NEW.handoff_until)));
  ELSIF NEW.handoff_since IS NULL AND OLD.handoff_since IS NOT NULL THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'handoff.ended', NEW.tenant_id, NEW.id,
      jsonb_build_object('since', OLD.handoff_since, 'reason', OLD.handoff_reason));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER conversations_outbox AFTER UPDATE ON conversations FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
    OR OLD.summary IS DISTINCT FROM NEW.summary
    OR OLD.key_facts IS DISTINCT FROM NEW.key_facts
    OR OLD.handoff_since IS DISTINCT FROM NEW.handoff_since
    OR OLD.handoff_assignee IS DISTINCT FROM NEW.handoff_assignee
    OR OLD.handoff_until IS DISTINCT FROM NEW.handoff_until)
  EXECUTE FUNCTION parley_conversation_changed();

CREATE FUNCTION parley_reference_context_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_outbox_on() THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'reference_context.updated', NEW.tenant_id, NEW.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('contextId', NEW.id, 'version', NEW.version,
        'listType', NEW.list_type, 'itemCount', json_array_length(NEW.items),
        'providerMessageId', NEW.provider_message_id, 'expiresAt', NEW.expires_at)));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reference_contexts_outbox AFTER INSERT ON reference_contexts FOR EACH ROW
  EXECUTE FUNCTION parley_reference_context_stored();

--changeset parley:27-3-event-indexes
-- Events by tenant and conversation: the erasure's scrub (all of the customer's conversations'
-- events, content or not) and a tenant removal's deletions.
DROP INDEX changes_content_by_conversation;
CREATE INDEX changes_events_by_conversation ON changes (tenant_id, conversation_id)
  WHERE event_type IS NOT NULL;

--changeset parley:27-4-events-for-subscribers splitStatements:false
-- An event is written only while its tenant has a webhook that takes its type. A webhook never
-- got events logged before it existed (the fan-out's created_at rule), so the others were written,
-- marked relayed and pruned unread: delivery statuses in batches of 500 ran at 25,000-32,000/s
-- with every event written and 39,000-56,000/s with none (bench/results/2026-12-06). A webhook
-- gets the events of writes that start after its creation is acknowledged.
CREATE FUNCTION parley_event_wanted(tenant uuid, event text) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT parley_outbox_on() AND EXISTS (
    SELECT 1 FROM webhooks w WHERE w.tenant_id = tenant AND event = ANY (w.events))
$$;

CREATE OR REPLACE FUNCTION parley_messages_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_outbox_on() THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data, content)
    SELECT gen_random_uuid(), 'message.created', n.tenant_id, n.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('messageId', n.id, 'seq', n.seq,
        'direction', n.direction, 'type', n.type, 'providerMessageId', n.provider_message_id,
        'sentAt', n.sent_at, 'deliveryStatus', parley_delivery_status(n.delivery_rank))),
      jsonb_build_object('text', n.text, 'payload', n.payload)
    FROM inserted n
    WHERE EXISTS (SELECT 1 FROM webhooks w
      WHERE w.tenant_id = n.tenant_id AND 'message.created' = ANY (w.events))
    ORDER BY n.conversation_id, n.seq;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION parley_messages_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_outbox_on() THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    SELECT gen_random_uuid(), 'message.status', n.tenant_id, n.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('messageId', n.id, 'seq', n.seq,
        'providerMessageId', n.provider_message_id,
        'status', parley_delivery_status(n.delivery_rank), 'at', n.delivery_at,
        'errorCode', n.delivery_error_code, 'errorTitle', n.delivery_error_title))
    FROM after_rows n JOIN before_rows o
      ON o.tenant_id = n.tenant_id AND o.conversation_id = n.conversation_id AND o.seq = n.seq
    WHERE n.delivery_rank IS DISTINCT FROM o.delivery_rank
      AND EXISTS (SELECT 1 FROM webhooks w
        WHERE w.tenant_id = n.tenant_id AND 'message.status' = ANY (w.events))
    ORDER BY n.conversation_id, n.seq;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION parley_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_event_wanted(NEW.tenant_id, 'conversation.updated') THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'conversation.updated', NEW.tenant_id, NEW.id,
      jsonb_build_object('status', NEW.status, 'previousStatus', OLD.status,
        'customerId', NEW.customer_id, 'summaryChanged', OLD.summary IS DISTINCT FROM NEW.summary,
        'keyFactsChanged', OLD.key_facts IS DISTINCT FROM NEW.key_facts));
  END IF;
  IF OLD.handoff_since IS NOT NULL AND NEW.handoff_since IS DISTINCT FROM OLD.handoff_since
      AND parley_event_wanted(NEW.tenant_id, 'handoff.ended') THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'handoff.ended', NEW.tenant_id, NEW.id,
      jsonb_build_object('since', OLD.handoff_since, 'reason', OLD.handoff_reason));
  END IF;
  IF NEW.handoff_since IS NOT NULL AND NEW.handoff_since IS DISTINCT FROM OLD.handoff_since
      AND parley_event_wanted(NEW.tenant_id, 'handoff.started') THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'handoff.started', NEW.tenant_id, NEW.id,
      jsonb_strip_nulls(jsonb_build_object('since', NEW.handoff_since,
        'assignee', NEW.handoff_assignee, 'reason', NEW.handoff_reason,
        'until', NEW.handoff_until)));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION parley_reference_context_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_event_wanted(NEW.tenant_id, 'reference_context.updated') THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data)
    VALUES (gen_random_uuid(), 'reference_context.updated', NEW.tenant_id, NEW.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('contextId', NEW.id, 'version', NEW.version,
        'listType', NEW.list_type, 'itemCount', json_array_length(NEW.items),
        'providerMessageId', NEW.provider_message_id, 'expiresAt', NEW.expires_at)));
  END IF;
  RETURN NULL;
END $$;

--changeset parley:28-1-held-status-lock splitStatements:false
-- A status for a message not stored yet is held; the append that stores the message takes it.
-- The two meet under one advisory lock per (tenant, provider id): the append takes it shared and
-- only then looks for a held status, with a snapshot of its own (a VOLATILE function's statements
-- each take one), and the status writer takes it exclusive before it holds a status. Whichever
-- comes second waits for the other's commit and sees it. Before, the append checked again after
-- its commit, one more statement per append (issue 28: 35 % of an append's CPU).
CREATE FUNCTION parley_status_lock_key(tenant uuid, provider_message_id text) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended(tenant::text || '/' || provider_message_id, 0)
$$;

CREATE FUNCTION parley_take_held_status(tenant uuid, pid text, now timestamptz)
  RETURNS TABLE (rank smallint, at timestamptz, code text, title text)
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF pid IS NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(parley_status_lock_key(tenant, pid));
  RETURN QUERY
    DELETE FROM held_statuses h
    WHERE h.tenant_id = tenant AND h.provider_message_id = pid AND h.expires_at > now
    RETURNING h.rank, h.at, h.code, h.title;
END $$;

--changeset parley:28-2-held-status-lock-buckets splitStatements:false
-- Advisory locks share PostgreSQL's lock table (max_locks_per_transaction x connections, 6,400
-- slots by default), and a status batch holding up to 500 statuses took one lock each until its
-- commit: sixteen such batches at once would exhaust it. A tenant's provider ids now share 64
-- locks, so a batch takes at most 64; ids in one bucket only wait for each other.
CREATE OR REPLACE FUNCTION parley_status_lock_key(tenant uuid, provider_message_id text)
  RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (hashtext(tenant::text)::bigint << 32) | (hashtext(provider_message_id) & 63)
$$;

--changeset parley:27-5-blocked-deliveries
-- A webhook's round cost grew with its backlog: it numbered every open delivery of the webhook
-- (row_number over each conversation's queue) to find the heads, so a dead receiver made each
-- round slower as events piled up (15 ms at 10,000 open deliveries, 191 ms at 300,000;
-- bench/webhook-backlog.sh), and a round ran at every head's retry. Now a delivery behind a
-- failed one of its queue is 'blocked' (listed as pending) and becomes 'pending' when the failed
-- one is delivered or dead-lettered; a round reads the failed heads due now and the oldest
-- pending ones, by index, whatever the backlog. A pending delivery no longer has an entry in a
-- queue index (the one dropped here held every pending and failed one), only a held-back one.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_status_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check
  CHECK (status IN ('pending', 'blocked', 'failed', 'delivered', 'dead'));
UPDATE webhook_deliveries d SET status = 'blocked'
WHERE d.status = 'pending' AND EXISTS (
  SELECT 1 FROM webhook_deliveries f
  WHERE f.tenant_id = d.tenant_id AND f.webhook_id = d.webhook_id AND f.queue = d.queue
    AND f.status = 'failed' AND f.id < d.id);
DROP INDEX webhook_deliveries_open;
-- What holds a queue back (the fan-out's and replay's test, a round's guard, the unblocking).
CREATE INDEX webhook_deliveries_waiting ON webhook_deliveries (tenant_id, webhook_id, queue, id)
  WHERE status IN ('failed', 'blocked');
-- The failed heads, by when they are due.
CREATE INDEX webhook_deliveries_retries ON webhook_deliveries (tenant_id, webhook_id, next_attempt_at)
  WHERE status = 'failed';

--changeset parley:27-6-webhook-queue-locks splitStatements:false
-- Review of 27-5: whether a new delivery waits blocked is decided from its statement's snapshot,
-- and so is which blocked ones a finished failed delivery releases; a fan-out that inserted one
-- blocked while the failed head was being delivered would leave it blocked with nothing to
-- release it, and every later event of the conversation behind it. The fan-out and a replay now
-- take a lock per webhook and queue bucket (64 a webhook, in order) before they decide, and
-- whoever blocks or releases a queue takes its lock before it does: one waits for the other's
-- commit and then sees it. Two-key advisory locks: a key space apart from the held-status locks.
CREATE FUNCTION parley_lock_webhook_queues(webhooks uuid[], queues text[]) RETURNS void
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  k record;
BEGIN
  FOR k IN
    SELECT DISTINCT hashtext(w::text) AS webhook, hashtext(q) & 63 AS bucket
    FROM unnest(webhooks, queues) AS u (w, q)
    ORDER BY 1, 2
  LOOP
    PERFORM pg_advisory_xact_lock(k.webhook, k.bucket);
  END LOOP;
END $$;

-- A failure blocking the pending deliveries of its queue reads them by queue.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (tenant_id, webhook_id, queue, id)
  WHERE status = 'pending';

--changeset parley:27-7-pending-deliveries-by-id
-- 27-5 dropped the index that held only open deliveries: a round then read the oldest pending
-- along the primary key, past every delivered row the retention keeps (23,134 rows to find the
-- first pending after a minute of appends; 38 ms a round, and delivery fell behind the appends:
-- 401 events/s delivered against 1,080 before). The pending ones by id, alone.
CREATE INDEX webhook_deliveries_pending_by_id ON webhook_deliveries (tenant_id, webhook_id, id)
  WHERE status = 'pending';

--changeset parley:27-8-webhook-deliveries-analyze
-- The rounds' per-queue probes are planned from the table's statistics. Right after a webhook's
-- deliveries pile up (a receiver goes down), the statistics still describe a small table without
-- that webhook, and the planner may probe along the primary key and filter on the queue, a scan of
-- the webhook's rows per probe (3.2 s a round at 10,000 held-back deliveries, measured; 1 ms once
-- analyzed). Analyzed after 1,000 changed rows plus 2 % of the table, instead of 50 plus 10 %.
ALTER TABLE webhook_deliveries SET (autovacuum_analyze_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.02);

--changeset parley:27-9-message-content-for-content-webhooks splitStatements:false
-- A message event carries the message's text and payload (content) only while its tenant has a
-- webhook that takes message.created with includeContent, as changeset 27-1 meant: every message
-- event carried it, with an index entry, for webhooks that never send it (the event row was 276 µs
-- of an append's time in PostgreSQL with one webhook delivering; bench/webhook-statements.sh). A
-- webhook gets only events logged after its creation (the fan-out's rule; a replay re-sends its
-- own deliveries), so one with includeContent finds the content in every event it gets.
CREATE OR REPLACE FUNCTION parley_messages_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF parley_outbox_on() THEN
    INSERT INTO changes (event_id, event_type, tenant_id, conversation_id, data, content)
    SELECT gen_random_uuid(), 'message.created', n.tenant_id, n.conversation_id,
      jsonb_strip_nulls(jsonb_build_object('messageId', n.id, 'seq', n.seq,
        'direction', n.direction, 'type', n.type, 'providerMessageId', n.provider_message_id,
        'sentAt', n.sent_at, 'deliveryStatus', parley_delivery_status(n.delivery_rank))),
      CASE WHEN w.content THEN jsonb_build_object('text', n.text, 'payload', n.payload) END
    FROM inserted n
    CROSS JOIN LATERAL (SELECT bool_or(x.include_content) AS content FROM webhooks x
      WHERE x.tenant_id = n.tenant_id AND 'message.created' = ANY (x.events)) w
    WHERE w.content IS NOT NULL
    ORDER BY n.conversation_id, n.seq;
  END IF;
  RETURN NULL;
END $$;

--changeset parley:29-1-erasures-forgetting
-- A completed erasure's conversations, kept from its last transaction until every instance's
-- caches forgot them (then NULL): an erasure asked for again or listed is answered completed only
-- after they are forgotten, also when its eraser died between that transaction and its forgetting.
-- Conversation ids only (no customer id, address or name), and only for that while.
ALTER TABLE erasures ADD COLUMN forgetting uuid[];
