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
