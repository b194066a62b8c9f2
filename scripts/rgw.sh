#!/usr/bin/env bash
# Throwaway single-node Ceph cluster (mon + memstore OSD + radosgw) on loopback,
# used as a real, SigV4-validating S3 endpoint for tests and the demo.
#
#   scripts/rgw.sh start [DIR]   start; writes DIR/env (S3_TEST_* variables)
#   scripts/rgw.sh stop  [DIR]   stop the daemons from DIR's pid files, remove DIR
#
# DIR defaults to <repo>/.rgw. RGW_PORT picks the preferred S3 port (default 7480);
# RGW_TIMEOUT bounds the whole start (default 90 s). RGW_MEMSTORE_BYTES sizes the in-memory OSD
# (default 2 GiB; radosgw frees overwritten data hours later, so writing gigabytes needs more).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

ACCESS_KEY="${RGW_ACCESS_KEY:-PRESIGNTESTACCESSKEY}"
SECRET_KEY="${RGW_SECRET_KEY:-presignTestSecretKey0123456789abcdefABCD}"
REGION="us-east-1"
ROLE_NAME="presign-test"
ROLE_ARN="arn:aws:iam:::role/${ROLE_NAME}"
STS_KEY="abcdefghijklmnop" # rgw sts key: exactly 16 characters
MARKER=".s3-presign-rgw"

log() { printf '[rgw] %s\n' "$*" >&2; }

usage() {
  echo "usage: $0 start|stop [DIR]" >&2
  exit 2
}

abs_dir() {
  local d="$1"
  case "$d" in
    /*) ;;
    *) d="$PWD/$d" ;;
  esac
  # normalise without requiring existence
  mkdir -p "$d"
  (cd "$d" && pwd)
}

port_busy() {
  # true when something accepts connections on 127.0.0.1:$1
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

free_port() {
  local p="$1" tries=0
  while port_busy "$p"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ]; then
      log "no free port found near $1"
      return 1
    fi
    p=$((p + 1))
  done
  echo "$p"
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# wait_exit PID TICKS: waits up to TICKS tenths of a second for PID to exit; fails if it is still alive.
wait_exit() {
  local ticks=0
  while pid_alive "$1" && [ "$ticks" -lt "$2" ]; do
    sleep 0.1
    ticks=$((ticks + 1))
  done
  ! pid_alive "$1"
}

# ---------------------------------------------------------------- stop
stop_cluster() {
  local dir="$1" name pidf pid
  if [ ! -d "$dir" ]; then
    return 0
  fi
  if [ ! -e "$dir/$MARKER" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    log "refusing to touch $dir: not an rgw.sh directory (no $MARKER)"
    return 1
  fi
  # radosgw first, then the OSD, then the monitor; each gets a bounded grace period
  # (SIGTERM, up to 10 s), then SIGKILL (the data is throwaway anyway).
  for name in client.rgw osd.0 mon.a; do
    pidf="$dir/run/$name.pid"
    [ -f "$pidf" ] || continue
    pid="$(tr -dc '0-9' 2>/dev/null <"$pidf" || true)"
    pid_alive "$pid" || continue
    # only signal the process if it really is this cluster's daemon
    if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$dir/ceph.conf"; then
      log "pid $pid from $pidf is not a daemon of $dir; not killing it"
      continue
    fi
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_exit "$pid" 100; then
      log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_exit "$pid" 50 || log "pid $pid did not exit"
    fi
  done
  rm -rf "$dir"
}

# ---------------------------------------------------------------- start
DEADLINE=0
remaining() {
  local r=$((DEADLINE - $(date +%s)))
  [ "$r" -lt 1 ] && r=1
  echo "$r"
}

fail() {
  # fail <message> [step log...]: print the step's output and the daemon log tails, clean up, exit 1
  local msg="$1" f
  shift
  log "ERROR: $msg"
  for f in "$@" "$DIR/log/client.rgw.log" "$DIR/log/osd.0.log" "$DIR/log/mon.a.log"; do
    [ -s "$f" ] || continue
    echo "----- tail of $f -----" >&2
    tail -n 15 "$f" >&2 || true
  done
  log "stopping the partial cluster in $DIR"
  stop_cluster "$DIR" || true
  exit 1
}

# ceph CLI, always bounded (there is no mgr, so some commands hang forever)
cephc() {
  local t
  t="$(remaining)"
  [ "$t" -gt 15 ] && t=15
  local rc=0
  timeout "$t" ceph -c "$CONF" --connect-timeout 10 "$@" || rc=$?
  [ "$rc" -eq 124 ] && echo "rgw.sh: 'ceph $*' timed out after ${t}s" >&2
  return "$rc"
}

rgwadmin() {
  local t
  t="$(remaining)"
  [ "$t" -gt 30 ] && t=30
  local rc=0
  timeout "$t" radosgw-admin -c "$CONF" -n client.rgw "$@" || rc=$?
  [ "$rc" -eq 124 ] && echo "rgw.sh: 'radosgw-admin $1' timed out after ${t}s" >&2
  return "$rc"
}

wait_until() {
  # wait_until <description> <command...>: retry until the command succeeds or the deadline passes
  local what="$1"
  shift
  while ! "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$DEADLINE" ]; then
      fail "timed out waiting for $what"
    fi
    sleep 0.5
  done
}

osd_up() { cephc osd stat 2>/dev/null | grep -q ' 1 up'; }
rgw_answers() { curl -sf -m 3 -o /dev/null "http://127.0.0.1:$RGW_PORT_CHOSEN/"; }

start_cluster() {
  local t0
  t0="$(date +%s)"
  DEADLINE=$((t0 + ${RGW_TIMEOUT:-90}))

  if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    log "stopping previous cluster in $DIR"
    stop_cluster "$DIR"
  fi
  mkdir -p "$DIR"/{run,log,mon,osd,rgw,crash}
  touch "$DIR/$MARKER"
  CONF="$DIR/ceph.conf"

  local mon_port
  mon_port="$(free_port "${RGW_MON_PORT:-3300}")"
  RGW_PORT_CHOSEN="$(free_port "${RGW_PORT:-7480}")"
  local fsid
  fsid="$(cat /proc/sys/kernel/random/uuid)"

  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = ${RGW_MEMSTORE_BYTES:-2147483648}
osd max object name len = 2048
osd max object namespace len = 64
mon data avail crit = 0
mon warn on pool no redundancy = false
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
mon cluster log file = $DIR/log/cluster.log
crash dir = $DIR/crash
mon data = $DIR/mon/\$name
osd data = $DIR/osd/\$name
keyring = $DIR/keyring

[client.rgw]
ms mon client mode = crc
ms client mode = crc
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT_CHOSEN
rgw dns name = s3.localhost
rgw data = $DIR/rgw
rgw sts key = $STS_KEY
rgw s3 auth use sts = true
EOF

  # --- monitor
  monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$DIR/monmap" \
    >"$DIR/log/monmaptool.out" 2>&1 || fail "monmaptool failed" "$DIR/log/monmaptool.out"
  timeout 30 ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" \
    >"$DIR/log/mon-mkfs.out" 2>&1 || fail "ceph-mon --mkfs failed" "$DIR/log/mon-mkfs.out"
  timeout 30 ceph-mon -c "$CONF" -i a >"$DIR/log/mon-start.out" 2>&1 || fail "ceph-mon failed to start" "$DIR/log/mon-start.out"
  wait_until "the monitor (ceph -s)" cephc -s

  # --- OSD (memstore)
  local osd_uuid osd_id
  osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
  osd_id="$(cephc osd new "$osd_uuid" 2>"$DIR/log/osd-new.out")" || fail "ceph osd new failed" "$DIR/log/osd-new.out"
  [ "$osd_id" = "0" ] || fail "unexpected OSD id '$osd_id'"
  mkdir -p "$DIR/osd/osd.0"
  timeout 60 ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" \
    >"$DIR/log/osd-mkfs.out" 2>&1 || fail "ceph-osd --mkfs failed" "$DIR/log/osd-mkfs.out"
  timeout 30 ceph-osd -c "$CONF" -i 0 >"$DIR/log/osd-start.out" 2>&1 || fail "ceph-osd failed to start" "$DIR/log/osd-start.out"
  wait_until "the OSD to be up" osd_up

  # --- user + STS role, BEFORE the first radosgw start (creates the default zone and pools)
  rgwadmin user create --uid=test --display-name="S3 Presign tests" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" \
    >"$DIR/log/user-create.out" 2>&1 || fail "radosgw-admin user create failed" "$DIR/log/user-create.out"
  rgwadmin caps add --uid=test --caps="roles=*" >"$DIR/log/caps.out" 2>&1 || fail "radosgw-admin caps add failed" "$DIR/log/caps.out"
  local trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/test"]},"Action":["sts:AssumeRole"]}]}'
  local policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}'
  rgwadmin role create --role-name="$ROLE_NAME" --path=/ --assume-role-policy-doc="$trust" \
    >"$DIR/log/role-create.out" 2>&1 || fail "radosgw-admin role create failed" "$DIR/log/role-create.out"
  rgwadmin role-policy put --role-name="$ROLE_NAME" --policy-name=allow-s3 --policy-doc="$policy" \
    >"$DIR/log/role-policy.out" 2>&1 || fail "radosgw-admin role-policy put failed" "$DIR/log/role-policy.out"

  # --- radosgw: retry the start until it answers
  local attempt=0 pid
  while :; do
    attempt=$((attempt + 1))
    pid="$(tr -dc '0-9' 2>/dev/null <"$DIR/run/client.rgw.pid" || true)"
    if ! pid_alive "$pid"; then
      timeout 30 radosgw -c "$CONF" -n client.rgw >>"$DIR/log/rgw-start.out" 2>&1 || true
    fi
    local n=0
    while [ "$n" -lt 20 ]; do
      if rgw_answers; then break 2; fi
      [ "$(date +%s)" -ge "$DEADLINE" ] && fail "timed out waiting for radosgw on port $RGW_PORT_CHOSEN" "$DIR/log/rgw-start.out"
      sleep 0.5
      n=$((n + 1))
    done
    [ "$attempt" -ge 5 ] && fail "radosgw did not answer on port $RGW_PORT_CHOSEN after $attempt attempts" "$DIR/log/rgw-start.out"
  done

  local endpoint="http://127.0.0.1:$RGW_PORT_CHOSEN"
  cat >"$DIR/env.tmp" <<EOF
S3_TEST_ENDPOINT=$endpoint
S3_TEST_ACCESS_KEY=$ACCESS_KEY
S3_TEST_SECRET_KEY=$SECRET_KEY
S3_TEST_REGION=$REGION
S3_TEST_ROLE_ARN=$ROLE_ARN
EOF
  mv "$DIR/env.tmp" "$DIR/env"
  log "ready in $(($(date +%s) - t0)) s; env written to $DIR/env"
  echo "$endpoint"
}

CMD="${1:-}"
[ -n "$CMD" ] || usage
DIR="$(abs_dir "${2:-$REPO_ROOT/.rgw}")"

case "$CMD" in
  start) start_cluster ;;
  stop) stop_cluster "$DIR" ;;
  *) usage ;;
esac
