#!/usr/bin/env bash
# Holds the running API to its own OpenAPI document: schemathesis (PyPI) generates requests from
# /api/v1/openapi.json and fails on server errors (5xx) and responses that break their schema.
# Starts `liftoff serve` on a free port over a fresh SQLite file with an admin token and a launch.
#   scripts/schemathesis.sh [path/to/liftoff]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."

liftoff=${1:-.build/debug/liftoff}
[ -x "$liftoff" ] || { echo "no liftoff binary at $liftoff (swift build first)" >&2; exit 2; }
if ! python3 -c 'import schemathesis' 2>/dev/null; then
  python3 -m pip install --quiet --break-system-packages schemathesis
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export LIFTOFF_DB="sqlite:$work/liftoff.db"
unset LIFTOFF_TOKEN
"$liftoff" launch create examples/acme-blue-green/runbook.md --name acme --at 2026-12-01T09:00 --tz Europe/Oslo >/dev/null 2>&1
token=$("$liftoff" user add schemathesis --admin --role "Engineering Lead" 2>/dev/null)

"$liftoff" serve --port 0 --log-level warning 2>"$work/serve.log" &
server_pid=$!
base=
for _ in $(seq 1 100); do
  base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log" | head -n 1)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "liftoff serve did not start:" >&2; cat "$work/serve.log" >&2; exit 3; }
echo "schemathesis against $base"

# The event stream never ends by design, so it is not fuzzed (its tests live in LiftoffServerTests).
python3 -m schemathesis.cli run "$base/api/v1/openapi.json" \
  --checks not_a_server_error,response_schema_conformance \
  --exclude-path-regex '/events$' \
  --header "Authorization: Bearer $token" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-50}" \
  --request-timeout 10 \
  --max-redirects 0 \
  --no-color
