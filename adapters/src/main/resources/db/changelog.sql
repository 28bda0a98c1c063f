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
