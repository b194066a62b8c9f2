#!/usr/bin/env bash
# One-shot, idempotent installer for everything the tests, CI and demo need:
#   (a) Debian packages (compilers for code-server's native modules, ripgrep,
#       chromium, Ceph radosgw for a real S3, curl)
#   (b) the project's npm dependencies (npm ci)
#   (c) code-server 4.100.3 (a real VS Code 1.100.3 server) in .vscode-test/code-server/
# Quick (a few hundred ms) when everything is already present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODE_SERVER_VERSION="4.100.3"
CS_DIR="$ROOT/.vscode-test/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[setup] FAILED (exit %s) at line %s\n" "$rc" "$LINENO" >&2' EXIT

# ---------------------------------------------------------------- (a) apt
APT_PACKAGES=(build-essential python3 pkg-config libkrb5-dev ripgrep chromium
              radosgw ceph-mon ceph-osd ceph-common curl)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [ "$status" = "installed" ] || missing+=("$p")
done
for c in rg chromium curl make g++ python3 radosgw; do
  command -v "$c" >/dev/null 2>&1 || { missing+=("(command $c)"); }
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt: missing ${missing[*]} -> installing"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install ${APT_PACKAGES[*]} manually"
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
else
  log "apt: all packages present"
fi

# ---------------------------------------------------------------- (b) npm ci
cd "$ROOT"
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (node_modules missing or older than package-lock.json)"
  npm ci --no-audit --no-fund
else
  log "npm: node_modules up to date"
fi
# esbuild's binary comes from an optional platform package; with npm's install-script
# policy its postinstall may be skipped. Check it actually runs; rebuild if not.
if ! ESBUILD_V="$(node_modules/.bin/esbuild --version 2>/dev/null)"; then
  log "esbuild does not run -> npm rebuild esbuild"
  npm rebuild esbuild
  ESBUILD_V="$(node_modules/.bin/esbuild --version)" || die "esbuild still broken after rebuild"
fi
log "esbuild $ESBUILD_V"

# ---------------------------------------------------------------- (c) code-server
# `code-server --version` writes a default config.yaml under XDG dirs: keep that out of $HOME.
cs_version() {
  [ -x "$CS_BIN" ] || return 0
  local d; d="$(mktemp -d "${TMPDIR:-/tmp}/s3p-cs-version.XXXXXX")"
  XDG_CONFIG_HOME="$d" XDG_DATA_HOME="$d" "$CS_BIN" --version 2>/dev/null \
    | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true
  rm -rf "$d"
}
installed_v="$(cs_version)"
if [ "$installed_v" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION present ($CS_BIN)"
else
  log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (about 60-90 s)"
  t0=$(date +%s)
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Own package.json: code-server is a tool, not a project dependency.
  # allowScripts: npm 11's install-script policy (advisory today, blocking later).
  cat > "$CS_DIR/package.json" <<JSON
{
  "name": "s3-presign-code-server",
  "private": true,
  "description": "code-server for the S3 Presign test rig (installed by scripts/setup.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": {
    "code-server": true,
    "argon2": true,
    "@node-rs/argon2": true,
    "@vscode/windows-process-tree": true,
    "@parcel/watcher": true,
    "@vscode/ripgrep": true,
    "@vscode/spdlog": true,
    "@vscode/deviceid": true,
    "@vscode/windows-registry": true,
    "kerberos": true,
    "node-pty": true,
    "native-watchdog": true,
    "@vscode/sqlite3": true
  }
}
JSON
  INSTALL_TMP="$(mktemp -d "${TMPDIR:-/tmp}/s3p-cs-install.XXXXXX")"
  # @vscode/ripgrep's postinstall downloads rg from GitHub (no internet here):
  # pre-seed its cache with Debian's rg.
  RG="$(command -v rg)" || die "ripgrep (rg) not found"
  mkdir -p "$INSTALL_TMP/vscode-ripgrep-cache-1.15.11"
  tar czf "$INSTALL_TMP/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
      -C "$(dirname "$RG")" rg
  (
    cd "$CS_DIR"
    export TMPDIR="$INSTALL_TMP"
    # "Please pass --unsafe-perm" when root: read by code-server's own postinstall script
    # (npm 11 warns "Unknown env config unsafe-perm"; harmless).
    export npm_config_unsafe_perm=true
    export npm_config_yes=true           # node-pty asks npx for node-gyp
    export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
    npm install --no-package-lock --foreground-scripts
  ) || { rm -rf "$INSTALL_TMP"; die "code-server install failed (see output above)"; }
  rm -rf "$INSTALL_TMP"
  installed_v="$(cs_version)"
  [ "$installed_v" = "$CODE_SERVER_VERSION" ] \
    || die "code-server --version says '$installed_v', expected $CODE_SERVER_VERSION"
  log "code-server $installed_v installed in $(( $(date +%s) - t0 )) s"
fi

log "done"
