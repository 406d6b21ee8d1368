#!/usr/bin/env bash
# Run the README's two commands on a bare Debian 12, the way a newcomer would.
#
#   sudo scripts/bare_debian_check.sh [--user] [--worktree | --ref REF] [--repo DIR]
#
# Makes a minimal Debian 12 root file system (debootstrap --variant=minbase
# bookworm, from Debian's package mirror), installs only python3, python3-venv,
# git and ca-certificates in it, clones the project into /root/archbook (mode 0700)
# and, inside a chroot with an empty environment (no SSL_CERT_FILE, no pip or uv
# settings of this machine):
#
#   1. runs `./run test` as root;
#   2. with --user: removes libatomic1 again (Chromium stays) and runs `./run test`
#      as a normal user `dev` (home mode 0700) who installs through sudo;
#   3. starts `./run serve`, in a network namespace of its own, checks that both
#      home pages answer on 127.0.0.1:8000, and stops it.
#
# Prints the passed and failed counts and the minutes of each step; exits 1 when
# anything failed. Needs root on a Debian machine that reaches Debian's mirror and
# PyPI. If this machine's certificate store holds certificates that Debian's
# ca-certificates does not (a TLS-inspecting proxy), they are added to the bare
# system's store as a local CA, as its administrator would; proxy variables
# (http_proxy, https_proxy, no_proxy) are passed on.
#
# Options:
#   --ref REF      commit, branch or tag of --repo to test (default: HEAD)
#   --worktree     test the working tree instead: tracked and untracked, not ignored files
#   --repo DIR     the repository (default: this script's project)
#   --user         also run the tests as a normal user with sudo
#   --no-serve     skip the `./run serve` check
#   --cache        reuse (or keep) the bare root file system as a tarball in
#                  ~/.cache/archbook-bare-debian: repeat runs skip debootstrap
#   --keep         leave the root file system in place afterwards
#   --mirror URL   Debian mirror (default: http://deb.debian.org/debian)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
REF=HEAD WORKTREE=0 AS_USER=0 SERVE=1 CACHE=0 KEEP=0
MIRROR=http://deb.debian.org/debian
SUITE=bookworm
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) REF=$2; shift 2 ;;
    --worktree) WORKTREE=1; shift ;;
    --repo) REPO=$(cd "$2" && pwd); shift 2 ;;
    --user) AS_USER=1; shift ;;
    --no-serve) SERVE=0; shift ;;
    --cache) CACHE=1; shift ;;
    --keep) KEEP=1; shift ;;
    --mirror) MIRROR=$2; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot and mount need it)" >&2; exit 2; }
for tool in chroot unshare ip findmnt git python3; do
  command -v "$tool" >/dev/null || { echo "missing on this machine: $tool" >&2; exit 2; }
done

say() { printf '\033[1m[bare-debian %s] %s\033[0m\n' "$(date +%H:%M:%S)" "$*" >&2; }
minutes() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 60 }'; }

START=$(date +%s)
WORK=$(mktemp -d /var/tmp/archbook-bare.XXXXXX)
R=$WORK/rootfs
LOGS=$WORK/logs
mkdir -p "$R" "$LOGS"
SUMMARY=()
FAILED=0
record() { SUMMARY+=("$1"); }

inside_pids() {  # processes whose root directory is the bare system (started by this script)
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && echo "${p#/proc/}"
  done
  return 0
}

cleanup() {
  set +e
  local pids
  pids=$(inside_pids)
  [ -n "$pids" ] && kill $pids 2>/dev/null && sleep 2
  pids=$(inside_pids)
  [ -n "$pids" ] && kill -9 $pids 2>/dev/null
  for m in $(findmnt -rn -o TARGET | grep -F "$R/" | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  if findmnt -rn -o TARGET | grep -qF "$R/"; then
    echo "still mounted below $R: not removing it" >&2
  elif [ "$KEEP" = 1 ]; then
    echo "bare root file system kept in $R" >&2
  else
    rm -rf --one-file-system "$R"
  fi
  rm -rf "$WORK/src"
  echo "logs: $LOGS" >&2
}
trap cleanup EXIT

# Commands inside the bare system: an empty environment, as on a new machine.
CLEAN_ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
           LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive)
for var in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!var:-}" ] && CLEAN_ENV+=("$var=${!var}")
done
as_root() { chroot "$R" "${CLEAN_ENV[@]}" HOME=/root USER=root LOGNAME=root bash -c "$1"; }
as_dev() { chroot "$R" "${CLEAN_ENV[@]}" bash -c "exec runuser -u dev -- env HOME=/home/dev USER=dev LOGNAME=dev bash -c \"\$0\"" "$1"; }

# --- the source: a commit of the repository, or a snapshot of its working tree ---
say "source: $REPO ($([ "$WORKTREE" = 1 ] && echo "working tree" || echo "$REF"))"
SRC=$WORK/src
git clone -q "$REPO" "$SRC"
SHA=$(git -C "$REPO" rev-parse --verify "$REF^{commit}")
git -C "$SRC" cat-file -e "$SHA" 2>/dev/null || git -C "$SRC" fetch -q "$REPO" "$SHA"
git -C "$SRC" checkout -q -B bare-check "$SHA"
if [ "$WORKTREE" = 1 ]; then
  git -C "$SRC" rm -rq --cached . && find "$SRC" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  (cd "$REPO" && git ls-files -z --cached --others --exclude-standard \
     | python3 -c 'import os, sys; sys.stdout.buffer.write(b"".join(p + b"\0" for p in sys.stdin.buffer.read().split(b"\0") if p and os.path.lexists(p)))' \
     | tar --null -T - -cf -) | tar -xf - -C "$SRC"
  git -C "$SRC" add -A
  git -C "$SRC" -c user.name=bare-debian-check -c user.email=nobody@localhost \
    commit -q --allow-empty -m "Working tree of $REPO at $(date -u +%FT%TZ)"
fi
say "testing commit $(git -C "$SRC" rev-parse --short HEAD): $(git -C "$SRC" log -1 --format=%s)"

# --- a bare Debian 12 ---
T0=$(date +%s)
BASE_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/archbook-bare-debian/$SUITE-minbase.tar
if [ "$CACHE" = 1 ] && [ -s "$BASE_CACHE" ]; then
  say "unpacking the cached minimal $SUITE from $BASE_CACHE"
  tar -xpf "$BASE_CACHE" -C "$R"
else
  command -v debootstrap >/dev/null || { say "installing debootstrap"; apt-get update -qq; apt-get install -y -qq debootstrap >/dev/null; }
  say "debootstrap --variant=minbase $SUITE (log: $LOGS/debootstrap.log)"
  debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 \
    || { tail -20 "$LOGS/debootstrap.log" >&2; exit 1; }
  security=${MIRROR%/debian}/debian-security
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
    "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" "$security" "$SUITE" >"$R/etc/apt/sources.list"
  rm -rf "$R/var/cache/apt/archives/"*.deb
  if [ "$CACHE" = 1 ]; then
    mkdir -p "$(dirname "$BASE_CACHE")" && tar -cpf "$BASE_CACHE" -C "$R" . && say "cached in $BASE_CACHE"
  fi
fi
cp -L /etc/resolv.conf "$R/etc/resolv.conf"
grep -qw "$(hostname)" "$R/etc/hosts" 2>/dev/null || echo "127.0.1.1 $(hostname)" >>"$R/etc/hosts"  # as an installed system has
mount -t proc proc "$R/proc"
mount -t sysfs sysfs "$R/sys"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
chmod 0700 "$R/root"
record "bare Debian $SUITE (minbase) ready: $(minutes "$T0" "$(date +%s)") min"

# --- what the README asks for, and nothing else ---
T0=$(date +%s)
say "apt-get install python3 python3-venv git ca-certificates"
as_root 'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 python3-venv git ca-certificates' \
  >"$LOGS/prerequisites.log" 2>&1 || { tail -20 "$LOGS/prerequisites.log" >&2; exit 1; }
# A TLS-inspecting proxy's certificate in this machine's store goes into the bare system's store.
extra=$(python3 - "$R" <<'EOF'
import re, sys
from pathlib import Path
pem = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)
host = pem.findall(Path("/etc/ssl/certs/ca-certificates.crt").read_bytes()) if Path("/etc/ssl/certs/ca-certificates.crt").exists() else []
bare = set(pem.findall(Path(sys.argv[1], "etc/ssl/certs/ca-certificates.crt").read_bytes()))
folder = Path(sys.argv[1], "usr/local/share/ca-certificates")
extra = [c for c in host if c not in bare]
for n, cert in enumerate(extra):
    (folder / f"host-ca-{n}.crt").write_bytes(cert + b"\n")
print(len(extra))
EOF
)
if [ "$extra" != 0 ]; then
  as_root update-ca-certificates >>"$LOGS/prerequisites.log" 2>&1
  say "added $extra certificate(s) of this machine's store (TLS-inspecting proxy) as local CAs"
fi
git clone -q --bare "$SRC" "$R/srv/archbook.git"
as_root 'git clone -q /srv/archbook.git /root/archbook'
record "python3 python3-venv git ca-certificates installed, clone in /root/archbook (/root mode $(stat -c %a "$R/root")): $(minutes "$T0" "$(date +%s)") min"

# pytest's closing line, e.g. "== 1 failed, 402 passed, 2 skipped in 431.20s (0:07:11) =="
counts() {
  local line
  line=$(grep -E '^=+ .*[0-9]+ (passed|failed|errors?|skipped|deselected).* in [0-9.]+s' "$1" | tail -1)
  [ -n "$line" ] || { echo "no pytest summary"; return; }
  echo "$line" | sed -E 's/^=+ //; s/ =+$//'
}

run_tests() {  # run_tests LABEL LOG COMMAND-FUNCTION SCRIPT
  local label=$1 log=$2 t0 rc=0
  t0=$(date +%s)
  say "$label: ./run test (log: $log)"
  "$3" "$4" >"$log" 2>&1 || rc=$?
  record "$label: ./run test exit $rc: $(counts "$log"); $(minutes "$t0" "$(date +%s)") min"
  if [ "$rc" != 0 ]; then
    FAILED=1
    grep -E '^(FAILED|ERROR) ' "$log" | head -30 >&2 || tail -30 "$log" >&2
  fi
}

run_tests "root in /root/archbook" "$LOGS/test-root.log" as_root 'cd /root/archbook && ./run test'

if [ "$AS_USER" = 1 ]; then
  T0=$(date +%s)
  say "normal user dev with sudo; libatomic1 removed again while Chromium stays"
  as_root 'apt-get install -y -qq --no-install-recommends sudo >/dev/null &&
    useradd -m -s /bin/bash dev && chmod 0700 /home/dev &&
    echo "dev ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/dev && chmod 0440 /etc/sudoers.d/dev &&
    apt-get purge -y -qq libatomic1 >/dev/null && chown -R dev: /srv/archbook.git &&
    dpkg-query -W -f="\${Package} \${Status}\n" chromium libatomic1 2>&1 || true' >"$LOGS/user-setup.log" 2>&1
  cat "$LOGS/user-setup.log" >&2
  as_dev 'git clone -q /srv/archbook.git ~/archbook'
  run_tests "user dev in /home/dev/archbook (sudo)" "$LOGS/test-user.log" as_dev 'cd ~/archbook && ./run test'
  grep -q 'installing .*libatomic1' "$LOGS/test-user.log" \
    && record "  ./run reinstalled libatomic1 through sudo although chromium was present" \
    || { record "  ./run did NOT install libatomic1"; FAILED=1; }
fi

if [ "$SERVE" = 1 ]; then
  T0=$(date +%s)
  say "./run serve in a network namespace of its own (port 8000 here stays free)"
  cat >"$R/tmp/probe.py" <<'EOF'
import sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
for path, marker in (("/", '<html lang="en"'), ("/ur-Latn/", '<html lang="ur-Latn"')):
    body = opener.open("http://127.0.0.1:8000" + path, timeout=5).read().decode()
    if marker not in body:
        sys.exit(f"{path}: {marker} missing")
EOF
  export R LOGS
  serve_rc=0
  unshare --net -- bash -c '
    set -u
    ip link set lo up
    chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
      setsid bash -c "cd /root/archbook && exec ./run serve" >"$LOGS/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 150); do
      sleep 2
      kill -0 "$pid" 2>/dev/null || { echo "./run serve exited" >&2; exit 1; }
      if chroot "$R" env -i PATH=/usr/bin:/bin python3 /tmp/probe.py 2>>"$LOGS/serve-probe.log"; then
        kill -TERM -- "-$pid"; wait "$pid" 2>/dev/null; exit 0
      fi
    done
    kill -TERM -- "-$pid"; exit 1' || serve_rc=$?
  if [ "$serve_rc" = 0 ]; then
    record "root: ./run serve answered on 127.0.0.1:8000 (both home pages) and stopped: $(minutes "$T0" "$(date +%s)") min"
  else
    record "root: ./run serve did NOT answer on 127.0.0.1:8000 (log: $LOGS/serve.log)"; FAILED=1
    tail -20 "$LOGS/serve.log" >&2
  fi
fi

echo
echo "Bare Debian check of $(git -C "$SRC" rev-parse --short HEAD) ($(git -C "$SRC" log -1 --format=%s))"
printf '  %s\n' "${SUMMARY[@]}"
echo "  total: $(minutes "$START" "$(date +%s)") min; $([ "$FAILED" = 0 ] && echo PASSED || echo FAILED)"
exit "$FAILED"
