# shellcheck shell=bash
# Sourced (not run) by .ci/run, scripts/test.sh and scripts/demo.sh: makes the rest of the caller's run use Node 24 LTS.
# When the machine's node is older than REVIEWLENS_NODE_MAJOR, Node REVIEWLENS_NODE_VERSION is fetched from the npm
# registry (package node-linux-<arch>: the official binary, checked against the registry's integrity by npm) together
# with the npm that ships with it, unpacked once under .cache/runtime/, and its bin dir is put first on PATH.
# Afterwards: `node` and `npm`/`npx` are Node 24's. Returns non-zero (after a message) when it cannot provide them.
#   REVIEWLENS_NODE_VERSION   exact Node version to fetch (default below; docs/adr/0006-node-24.md)
#   REVIEWLENS_NPM_VERSION    the npm bundled with that Node release
#   REVIEWLENS_SKIP_NODE_FETCH=1   use the machine's node whatever its version
REVIEWLENS_NODE_MAJOR="${REVIEWLENS_NODE_MAJOR:-24}"
REVIEWLENS_NODE_VERSION="${REVIEWLENS_NODE_VERSION:-24.22.3}"
REVIEWLENS_NPM_VERSION="${REVIEWLENS_NPM_VERSION:-11.19.1}"

reviewlens_ensure_node() {
  local root current_major arch runtime node_dir npm_dir bin tmp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "${REVIEWLENS_SKIP_NODE_FETCH:-0}" = 1 ] || [ "$current_major" -ge "$REVIEWLENS_NODE_MAJOR" ]; then
    return 0
  fi
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "ensure-node: no Node $REVIEWLENS_NODE_MAJOR package for $(uname -m); install it yourself" >&2; return 1 ;;
  esac
  runtime="$root/.cache/runtime"
  node_dir="$runtime/node-v$REVIEWLENS_NODE_VERSION-linux-$arch"
  npm_dir="$runtime/npm-$REVIEWLENS_NPM_VERSION"
  bin="$runtime/bin-v$REVIEWLENS_NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ] || [ ! -f "$npm_dir/bin/npm-cli.js" ]; then
    echo "== machine node $(node --version 2>/dev/null || echo none) is older than $REVIEWLENS_NODE_MAJOR: fetching node-linux-$arch@$REVIEWLENS_NODE_VERSION and npm@$REVIEWLENS_NPM_VERSION from the npm registry"
    mkdir -p "$runtime"
    tmp="$(mktemp -d "$runtime/fetch.XXXXXX")"
    if ! (cd "$tmp" && npm pack --silent "node-linux-$arch@$REVIEWLENS_NODE_VERSION" "npm@$REVIEWLENS_NPM_VERSION" >/dev/null); then
      rm -rf "$tmp"
      echo "ensure-node: could not fetch Node $REVIEWLENS_NODE_VERSION from the npm registry" >&2
      return 1
    fi
    rm -rf "$node_dir" "$npm_dir"
    mkdir -p "$node_dir" "$npm_dir"
    tar -xzf "$tmp/node-linux-$arch-$REVIEWLENS_NODE_VERSION.tgz" -C "$node_dir" --strip-components=1
    tar -xzf "$tmp/npm-$REVIEWLENS_NPM_VERSION.tgz" -C "$npm_dir" --strip-components=1
    rm -rf "$tmp"
  fi
  mkdir -p "$bin"
  ln -sf "$node_dir/bin/node" "$bin/node"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$node_dir/bin/node" "$npm_dir/bin/npm-cli.js" > "$bin/npm"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$node_dir/bin/node" "$npm_dir/bin/npx-cli.js" > "$bin/npx"
  chmod +x "$bin/npm" "$bin/npx"
  export PATH="$bin:$PATH"
  hash -r
  if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$REVIEWLENS_NODE_MAJOR" ]; then
    echo "ensure-node: $bin/node is not Node $REVIEWLENS_NODE_MAJOR" >&2
    return 1
  fi
}
