# Shared by the bench scripts that start the service themselves; sourced from the repository root.

# Waits up to two minutes for a URL to answer 2xx.
wait_for() { for _ in $(seq 1 240); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }

# new_tenant BASE ADMIN_KEY: creates a tenant; sets the caller's tenant and key.
new_tenant() {
  local created
  created=$(curl -fsS -X POST "$1/v1/tenants" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -d "{\"name\":\"Bench\",\"slug\":\"b$RANDOM$RANDOM\"}")
  tenant=$(echo "$created" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  key=$(echo "$created" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
}

# new_webhook URL EVENTS: a webhook of the caller's tenant ($base, $tenant, $key) to URL for EVENTS
# (a JSON array's members, e.g. '"message.created"'); prints its JSON.
new_webhook() {
  curl -fsS -X POST "$base/v1/tenants/$tenant/webhooks" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d "{\"url\":\"$1\",\"events\":[$2]}"
}

# start_service JAR PORT ADMIN_KEY [JVM options...]: the service on its embedded default (the jar's
# own checkout's config.yml, data in a new directory, the admin port PORT + 1), -Xmx512m, started
# and answering. Sets pid, dir and base; the service's log is $dir/service.log.
start_service() {
  local jar=$1 port=$2 admin=$3 config
  shift 3
  dir=$(mktemp -d)
  config=$(cd "$(dirname "$jar")/../.." && pwd)/config.yml
  PORT=$port ADMIN_PORT=$((port + 1)) PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$admin \
    java -Xmx512m "$@" -jar "$jar" server "$config" >"$dir/service.log" 2>&1 &
  pid=$!
  wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log" >&2; kill $pid; exit 1; }
  base="http://127.0.0.1:$port"
}

# append_lines FILE [EXTRA]: 64 new conversations of the caller's tenant, and for each one append's
# request line (EXTRA: more fields of the body, e.g. ',"providerMessageId":"wamid.#N#"'), into FILE.
append_lines() {
  local conversation c
  for c in $(seq 1 64); do
    conversation=$(curl -fsS -X POST "$base/v1/tenants/$tenant/conversations" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+2547000$((10000 + c))\"}}" |
      sed -E 's/^\{"id":"([^"]+)".*/\1/')
    printf 'POST\t%s\t%s\t%s\n' "/v1/tenants/$tenant/conversations/$conversation/messages" "$key" \
      "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"nataka viatu #N#\"${2:-}}" >>"$1"
  done
}

# start_one_conversation JAR PORT ADMIN_KEY [JVM options...]: start_service, then one tenant and one
# conversation of 30 inbound messages with a 5-item reference list, as issue 23 measured reads.
# Sets pid, dir, base, tenant, key and path (the conversation's).
start_one_conversation() {
  local admin=$3 conversation
  start_service "$@"
  new_tenant "$base" "$admin"
  conversation=$(curl -fsS -X POST "$base/v1/tenants/$tenant/conversations" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' \
    -d '{"channel":"whatsapp","customer":{"address":"+254700000123"}}' | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  path="/v1/tenants/$tenant/conversations/$conversation"
  for i in $(seq 1 30); do
    curl -fsS -o /dev/null -X POST "$base$path/messages" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/json' \
      -d "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"red sneakers $i\"}"
  done
  curl -fsS -o /dev/null -X PUT "$base$path/reference-context" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"listType":"products","ttlSeconds":3600,"items":[{"id":"a","title":"Nike Air Max Red"},{"id":"b","title":"Adidas Superstar White"},{"id":"c","title":"Red Wing Boots"},{"id":"d","title":"Puma Suede Blue"},{"id":"e","title":"Vans Old Skool"}]}'
}

# read_lines: the request lines (method, path, key, body) of issue 23's reads and writes against
# start_one_conversation's conversation, into the caller's associative array `lines`.
read_lines() {
  line() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$key" "$3"; }
  lines=(
    [ping]="$(line GET /ping "")"
    [context-get]="$(line GET "$path/reference-context" "")"
    [resolve]="$(line POST "$path/reference-context/resolve" '{"text":"nataka ya pili"}')"
    [newest-page]="$(line GET "$path/messages?limit=20" "")"
    [agent-context]="$(line GET "$path/agent-context" "")"
    [append]="$(line POST "$path/messages" '{"direction":"in","type":"customer_inbound","text":"write #N#"}')"
    [context-put]="$(line PUT "$path/reference-context" '{"listType":"products","ttlSeconds":3600,"items":[{"id":"a","title":"Nike Air Max Red"},{"id":"b","title":"Vans Old Skool"}]}')"
  )
}
