#!/usr/bin/env bash
# Runs a release binary (scripts/release.sh) where the Swift toolchain cannot be found: in a
# private mount namespace with an empty directory over the toolchain's, as on a machine without
# Swift. Checks `--version` (version and commit), `ldd` (no Swift library), `init` + `lint`, and
# a `serve` that answers /healthz. Needs root (unshare -m); CI runs it (docs/operations.md).
#
#   scripts/release-test.sh .build/dist/liftoff
set -euo pipefail
bin="$(realpath "${1:?usage: scripts/release-test.sh BINARY}")"
swift_bin="$(command -v swift || true)"
toolchain="${SWIFT_TOOLCHAIN_DIR:-$( [ -n "$swift_bin" ] && dirname "$(dirname "$(readlink -f "$swift_bin")")" )}"
[ -d "$toolchain" ] || { echo "release-test: no toolchain directory to hide (set SWIFT_TOOLCHAIN_DIR)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$bin" "$work/liftoff"

# Inside the namespace: the toolchain's directory is an empty tmpfs.
unshare -m bash -euo pipefail -s "$toolchain" "$work" <<'INNER'
toolchain="$1"; work="$2"; bin="$work/liftoff"
mount -t tmpfs -o size=1m,mode=0755 none "$toolchain"
[ -z "$(ls -A "$toolchain")" ] || { echo "FAIL: $toolchain still visible"; exit 1; }
echo "hidden: $toolchain"

version="$("$bin" --version)"
echo "--version: $version"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+\ \(commit\ [0-9a-f]{7,}(-dirty)?\)$ ]] || { echo "FAIL: no version and commit"; exit 1; }
if ldd "$bin" | grep -Ei 'swift|not found'; then echo "FAIL: needs libraries it does not carry"; exit 1; fi
echo "ldd: $(ldd "$bin" | awk '{print $1}' | tr '\n' ' ')"

cd "$work"
"$bin" init --template blue-green >/dev/null 2>&1
"$bin" lint runbook.md --vars vars.yaml 2>&1 | tail -n 1
"$bin" lint runbook.md --vars vars.yaml >/dev/null 2>&1 || { echo "FAIL: lint"; exit 1; }

"$bin" serve --port 0 --db "sqlite:$work/l.db" 2>"$work/serve.log" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -n 1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; kill "$pid"; echo "FAIL: serve did not start"; exit 1; }
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
answer="$(cat <&3)"
exec 3<&-
kill -TERM "$pid"; wait "$pid" || { echo "FAIL: serve did not stop cleanly on SIGTERM"; exit 1; }
echo "$answer" | grep -q '^HTTP/1.1 200' && echo "$answer" | grep -q '"status":"ok"' || { echo "$answer"; echo "FAIL: /healthz"; exit 1; }
echo "serve: /healthz answered 200 on port $port"
INNER
echo "release-test: $bin runs without the toolchain"
