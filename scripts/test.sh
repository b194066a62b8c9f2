#!/usr/bin/env bash
# The whole test suite, from a fresh clone on a fresh Debian machine (README's second command):
# installs what it needs, builds, type-checks, lints, then runs
#   1. unit tests (mocha, plain Node)
#   2. integration tests against a real radosgw (Ceph's S3 gateway, SigV4-validating) on loopback
#   3. extension tests inside a real VS Code extension host (code-server + headless Chromium)
#   4. end-to-end UI tests (Playwright clicking the workbench), when present
# Prints each runner's counts and a closing "N passed, N failed" line; exits non-zero on any failure.
# A server that does not start is a failure, never a skip.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/s3p-test-logs.XXXXXX")"
RGW_DIR="$ROOT/.rgw"
started=$(date +%s)
declare -a summary=()
total_passed=0
total_failed=0
failed_steps=0

step() { printf '\n=== %s ===\n' "$*"; }

# Runs a named step, recording mocha's "N passing / N failing" when it prints them.
run_suite() {
  local name="$1"; shift
  step "$name"
  local log="$LOGS/${name// /-}.log"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local passed failed
  passed=$(grep -Eo '^ *[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  failed=$(grep -Eo '^ *[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  passed=${passed:-0}
  failed=${failed:-0}
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # the runner itself failed (crash, no server): count it as a failure
  fi
  if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then
    failed=1 # a runner that ran no test proves nothing
    rc=1
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  [ "$rc" -eq 0 ] || failed_steps=$((failed_steps + 1))
  summary+=("$(printf '%-22s %5s passed, %s failed%s' "$name:" "$passed" "$failed" "$([ "$rc" -eq 0 ] || echo "  (exit $rc)")")")
}

# Runs a step that must succeed for anything after it to make sense.
must() {
  local name="$1"; shift
  step "$name"
  if ! "$@"; then
    printf '\n%s failed: stopping.\n' "$name" >&2
    summary+=("$(printf '%-22s FAILED' "$name:")")
    finish 1
  fi
}

cleanup() {
  bash scripts/rgw.sh stop "$RGW_DIR" >/dev/null 2>&1 || true
  rm -rf "$LOGS"
}

finish() {
  local forced="${1:-0}"
  cleanup
  printf '\n=== Summary (%ss) ===\n' "$(( $(date +%s) - started ))"
  printf '%s\n' "${summary[@]}"
  echo "${total_passed} passed, ${total_failed} failed"
  if [ "$forced" -ne 0 ] || [ "$failed_steps" -ne 0 ] || [ "$total_failed" -ne 0 ]; then
    exit 1
  fi
  exit 0
}
trap 'finish 1' INT TERM

must "setup" bash scripts/setup.sh
must "build" npm run --silent build
must "typecheck" npm run --silent typecheck
must "lint" npm run --silent lint
must "compile tests" npm run --silent compile-tests

run_suite "unit" npx mocha --config test/unit/.mocharc.json

must "start radosgw" bash scripts/rgw.sh start "$RGW_DIR"
set -a
# shellcheck disable=SC1091
. "$RGW_DIR/env"
set +a
must "seed" node scripts/seed.mjs

run_suite "integration" npx mocha --config test/integration/.mocharc.json

# A shared AWS config as a user would have it: a profile whose endpoint_url is the local radosgw,
# and one without credentials (for the welcome view).
AWS_DIR="$LOGS/aws"
mkdir -p "$AWS_DIR"
cat > "$AWS_DIR/config" <<CONFIG
[profile rgw]
region = ${S3_TEST_REGION}
endpoint_url = ${S3_TEST_ENDPOINT}

[profile nocreds]
region = eu-west-1
CONFIG
cat > "$AWS_DIR/credentials" <<CREDENTIALS
[rgw]
aws_access_key_id = ${S3_TEST_ACCESS_KEY}
aws_secret_access_key = ${S3_TEST_SECRET_KEY}
CREDENTIALS
export AWS_CONFIG_FILE="$AWS_DIR/config" AWS_SHARED_CREDENTIALS_FILE="$AWS_DIR/credentials" AWS_PROFILE=rgw

run_suite "extension host" node out/test/runExtensionTests.js

if [ -f out/test/e2e/run.js ]; then
  run_suite "end-to-end (UI)" node out/test/e2e/run.js
fi

finish 0
