#!/usr/bin/env bash
# Real-browser tests of the war room: builds liftoff, serves a fresh SQLite database with a
# launch whose runbook tries to inject script, and drives two headless Chromium windows
# (Tests/browser/warroom_test.py), then watches the demo (demo_test.py, warroom_focus_test.py with
# its axe-core audit). Screenshots go to ${LIFTOFF_ARTIFACTS:-.build/artifacts}/screenshots.
#
# Locally it skips (exit 0, with the reason) when Chromium, chromedriver or Selenium is missing;
# with CI=true a missing piece fails.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
missing=""
[ -x "$CHROMIUM" ] || missing="$missing chromium ($CHROMIUM)"
[ -x "$CHROMEDRIVER" ] || missing="$missing chromedriver ($CHROMEDRIVER)"
python3 -c "import selenium" 2>/dev/null || missing="$missing python3-selenium"
python3 -c "import axe_playwright_python" 2>/dev/null || missing="$missing axe-playwright-python"
if [ -n "$missing" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "browser tests: missing$missing" >&2
    exit 1
  fi
  echo "browser tests SKIPPED: missing$missing (apt-get install chromium chromium-driver; pip install selenium; pip install --no-deps axe-playwright-python)" >&2
  exit 0
fi

artifacts=${LIFTOFF_ARTIFACTS:-.build/artifacts}
mkdir -p "$artifacts/screenshots"
artifacts=$(cd "$artifacts" && pwd)

if [ -z "${LIFTOFF_BIN:-}" ]; then
  swift build --product liftoff 2>&1 | tail -n 3
  LIFTOFF_BIN="$(swift build --show-bin-path)/liftoff"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ -f "$work/serve.log" ] && cp "$work/serve.log" "$artifacts/browser-tests-server.log"
  rm -rf "$work"
}
trap cleanup EXIT

export LIFTOFF_DB="sqlite:$work/liftoff.db"
liftoff() { "$LIFTOFF_BIN" "$@"; }

# T-0 three hours from now: the preparation phase (T-4h) is under way, the gate (T-1h) ahead.
cat > "$work/runbook.md" <<'EOF'
# Browser test launch

Injected: <script>alert(1)</script> and <img src=x onerror=alert(1)> and
<img src=x onerror="window.pwned=1"> and [a javascript link](javascript:alert(1)).

<script>window.pwned = 1; alert(1)</script>

## T-4h: Preparation

- [ ] Freeze merges <script>alert(1)</script>
- [ ] Announce the window, see [notes](javascript:alert(1))

## T-1h: Go/No-Go

Required approvals from:

- Engineering Lead
- Product Owner

## T-0: Deploy

- [ ] Deploy the release <img src=x onerror=alert(1)>
- [ ] Run smoke tests

## Rollback Procedure

1. Revert the deploy
EOF
at=$(TZ=Europe/Oslo date -d '+3 hours' +%Y-%m-%dT%H:%M)
launch=$(liftoff launch create "$work/runbook.md" --at "$at" --tz Europe/Oslo --name "browser-test" --mode rehearsal)
token_lee=$(liftoff user add lee --role "Engineering Lead" --launch "$launch")
token_pat=$(liftoff user add pat --role "Product Owner" --launch "$launch")
token_vic=$(liftoff user add vic --launch "$launch")
steps_json=$(liftoff launch status "$launch" --all --format json)
step_id() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(s["id"] for s in d["steps"] if s["text"].startswith(sys.argv[1])))' "$1" <<<"$steps_json"; }
gate_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["gates"][0]["id"])' <<<"$steps_json")

# A launch under way for the forecast: T-0 90 minutes ago, a three-hour window, two timed steps
# in order; finishing the first (late) moves the forecast on the page.
cat > "$work/forecast.md" <<'EOF'
# Forecast test launch

## T+0 → T+3h: Cutover

1. Stop writes (~30 min)
2. Migrate the data (~30 min)
EOF
forecast_at=$(TZ=Europe/Oslo date -d '-90 minutes' +%Y-%m-%dT%H:%M)
forecast_launch=$(liftoff launch create "$work/forecast.md" --at "$forecast_at" --tz Europe/Oslo --name "forecast-test" --mode rehearsal)
token_fay=$(liftoff user add fay --role "Engineering Lead" --launch "$forecast_launch")
forecast_json=$(liftoff launch status "$forecast_launch" --all --format json)
forecast_step=$(python3 -c 'import json,sys; print(next(s["id"] for s in json.load(sys.stdin)["steps"] if s["text"].startswith("Stop writes")))' <<<"$forecast_json")

"$LIFTOFF_BIN" serve --port 0 2> "$work/serve.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "browser tests: the server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; echo "browser tests: no 'listening on' line within 10 s" >&2; exit 1; }
echo "browser tests: server at $url, launch $launch"

status=0
LIFTOFF_URL="$url" LIFTOFF_LAUNCH="$launch" TOKEN_LEE="$token_lee" TOKEN_PAT="$token_pat" TOKEN_VIC="$token_vic" \
  FORECAST_LAUNCH="$forecast_launch" TOKEN_FAY="$token_fay" FORECAST_STEP="$forecast_step" \
  PREP_STEP="$(step_id "Freeze merges")" LATE_STEP="$(step_id "Deploy the release")" GATE="$gate_id" \
  SCREENSHOTS="$artifacts/screenshots" CHROMIUM="$CHROMIUM" CHROMEDRIVER="$CHROMEDRIVER" \
  python3 Tests/browser/warroom_test.py || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines)" >&2
  tail -n 40 "$work/serve.log" >&2
fi

# The demo, watched live: the rollback trigger fires on the page without a reload.
demo_status=0
LIFTOFF_BIN="$LIFTOFF_BIN" SCREENSHOTS="$artifacts/screenshots" CHROMIUM="$CHROMIUM" CHROMEDRIVER="$CHROMEDRIVER" \
  python3 Tests/browser/demo_test.py || demo_status=$?
[ "$status" -ne 0 ] || status=$demo_status

# The war room focus first, during the demo, on a phone and a desktop; the axe-core audit.
focus_status=0
LIFTOFF_BIN="$LIFTOFF_BIN" SCREENSHOTS="$artifacts/screenshots" CHROMIUM="$CHROMIUM" CHROMEDRIVER="$CHROMEDRIVER" \
  python3 Tests/browser/warroom_focus_test.py || focus_status=$?
[ "$status" -ne 0 ] || status=$focus_status

# The public status page: publishing, what customers see, its Statuspage JSON and Atom feed.
page_status=0
LIFTOFF_BIN="$LIFTOFF_BIN" SCREENSHOTS="$artifacts/screenshots" CHROMIUM="$CHROMIUM" CHROMEDRIVER="$CHROMEDRIVER" \
  python3 Tests/browser/status_page_test.py || page_status=$?
[ "$status" -ne 0 ] || status=$page_status
exit "$status"
