#!/usr/bin/env bash
# Builds the release binary: optimised, the Swift standard library and Foundation linked in
# (--static-swift-stdlib), stripped, its version and commit stamped in, and a SHA-256 file
# beside it. It runs on a Linux machine of the same architecture with glibc and no Swift.
#
#   scripts/release.sh [OUTPUT_DIR]        (default: .build/dist)
#
# Prints the binary's path. The commit is stamped by rewriting Sources/liftoff/ReleaseStamp.swift
# for this build only (restored on exit); uncommitted changes make it "<sha>-dirty".
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-.build/dist}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit-dirty"
fi

stamp=Sources/liftoff/ReleaseStamp.swift
saved="$(mktemp)"
cp "$stamp" "$saved"
trap 'cp "$saved" "$stamp"; rm -f "$saved"' EXIT
sed -i "s|static let commit: String? = nil|static let commit: String? = \"$commit\"|" "$stamp"
grep -q "\"$commit\"" "$stamp" || { echo "release.sh: could not stamp $stamp" >&2; exit 1; }

echo "release.sh: building liftoff at $commit (release, static Swift runtime; 10-25 min on 2 cores)" >&2
swift build -c release --product liftoff --static-swift-stdlib >&2
bin="$(swift build -c release --product liftoff --static-swift-stdlib --show-bin-path)/liftoff"

version="$("$bin" --version | cut -d' ' -f1)"
arch="$(uname -m)"
name="liftoff-$version-linux-$arch"
strip -o "$out/$name" "$bin"
chmod 755 "$out/$name"
ln -sf "$name" "$out/liftoff"
(cd "$out" && sha256sum "$name" > "$name.sha256")

echo "release.sh: $("$out/$name" --version); $(du -h "$out/$name" | cut -f1) stripped" >&2
echo "$out/$name"
