#!/usr/bin/env bash
# The demo (README's first command): a local S3 (Ceph radosgw) seeded with sample buckets, and a
# real VS Code (code-server) with the extension installed and a "demo" profile pointing at it.
# Prints the URL to open. Ctrl-C stops everything it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
RGW_DIR="$ROOT/.rgw-demo"

bash scripts/setup.sh
npm run --silent build
npm run --silent compile-tests

trap 'bash scripts/rgw.sh stop "$RGW_DIR" >/dev/null 2>&1 || true' EXIT
RGW_PORT="${RGW_PORT:-7490}" bash scripts/rgw.sh start "$RGW_DIR"
set -a
# shellcheck disable=SC1091
. "$RGW_DIR/env"
set +a
node scripts/seed.mjs --demo

# The demo user's shared AWS config: a profile whose endpoint_url is the local S3.
mkdir -p "$RGW_DIR/aws"
cat > "$RGW_DIR/aws/config" <<CONFIG
[profile demo]
region = ${S3_TEST_REGION}
endpoint_url = ${S3_TEST_ENDPOINT}
CONFIG
cat > "$RGW_DIR/aws/credentials" <<CREDENTIALS
[demo]
aws_access_key_id = ${S3_TEST_ACCESS_KEY}
aws_secret_access_key = ${S3_TEST_SECRET_KEY}
CREDENTIALS
export AWS_CONFIG_FILE="$RGW_DIR/aws/config" AWS_SHARED_CREDENTIALS_FILE="$RGW_DIR/aws/credentials"

node out/test/host/demo.js
