#!/usr/bin/env bash
# Checks packaging/ as the tools that read it would (CI runs it; docs/operations.md):
# the systemd unit with systemd-analyze verify (any complaint fails), the Prometheus rules with
# promtool, the Grafana dashboard as JSON whose panels query only metrics the server exports.
#
#   scripts/check-packaging.sh BINARY      (a built liftoff: the unit's ExecStart must exist)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:?usage: scripts/check-packaging.sh BINARY}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "systemd-analyze verify packaging/systemd/liftoff.service"
sed "s|/usr/local/bin/liftoff|$bin|" packaging/systemd/liftoff.service > "$work/liftoff.service"
out="$(systemd-analyze verify "$work/liftoff.service" 2>&1)" || { echo "$out"; exit 1; }
# Unknown or malformed settings are only warnings to systemd; here they fail.
if [ -n "$out" ]; then echo "$out"; exit 1; fi

echo "promtool check rules packaging/prometheus/liftoff-rules.yml"
promtool check rules packaging/prometheus/liftoff-rules.yml

echo "packaging/grafana/liftoff-dashboard.json: JSON, metrics the server exports"
python3 - "$bin" <<'PY'
import json, re, sys
dashboard = json.load(open("packaging/grafana/liftoff-dashboard.json"))
# What the server registers (its swift-metrics labels), and Prometheus's own `up`.
exported = set(re.findall(r'label: "(liftoff_[a-z_]+)"', open("Sources/LiftoffServer/App/ServerMetrics.swift").read())) | {"up"}
rules = open("packaging/prometheus/liftoff-rules.yml").read()
used = set()
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        used |= set(re.findall(r"\b(liftoff_[a-z_]+?|up)(?:_bucket|_count|_sum)?\b(?=[{\[( ]|$)", target["expr"]))
used |= set(re.findall(r"\b(liftoff_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=[{\[( ]|$)", rules))
unknown = sorted(used - exported)
if unknown:
    sys.exit(f"not exported by the server (ServerMetrics.swift): {unknown}")
print(f"  {len(dashboard['panels'])} panels; metrics used: {', '.join(sorted(used))}")
PY
