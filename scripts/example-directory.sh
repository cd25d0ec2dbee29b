#!/usr/bin/env bash
# Starts or stops a private slapd serving examples/directory/directory.ldif.
#   scripts/example-directory.sh start DIR PORT   # creates DIR, loads, listens on 127.0.0.1:PORT
#   scripts/example-directory.sh stop DIR
# Bind as cn=alignctl-reader,dc=corp,dc=example,dc=com / reader-secret (size
# limits of 1,000 apply, as on AD) or cn=admin,dc=corp,dc=example,dc=com / admin-secret.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}; dir=${2:-}
case "$cmd" in
start)
  port=${3:?usage: $0 start DIR PORT}
  [[ -n $dir ]] || { echo "usage: $0 start DIR PORT" >&2; exit 64; }
  if [[ -f $dir/slapd.pid ]] && kill -0 "$(cat "$dir/slapd.pid")" 2>/dev/null; then
    echo "already running in $dir (pid $(cat "$dir/slapd.pid"))" >&2; exit 1
  fi
  mkdir -p "$dir/db"
  dir=$(cd "$dir" && pwd)
  sed -e "s|@DIR@|$dir|g" -e "s|@SCHEMA@|$root/examples/directory/alignctl-ad.schema|g" \
    "$root/examples/directory/slapd.conf.in" >"$dir/slapd.conf"
  slaptest -Q -u -f "$dir/slapd.conf"
  slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" # detaches; pid in $dir/slapd.pid
  for _ in $(seq 100); do
    ldapsearch -x -H "ldap://127.0.0.1:$port" -b "" -s base 1.1 >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! ldapsearch -x -H "ldap://127.0.0.1:$port" -D cn=admin,dc=corp,dc=example,dc=com -w admin-secret \
    -b dc=corp,dc=example,dc=com -s base 1.1 >/dev/null 2>&1; then
    ldapadd -x -c -H "ldap://127.0.0.1:$port" -D cn=admin,dc=corp,dc=example,dc=com -w admin-secret \
      -f "$root/examples/directory/directory.ldif" >/dev/null
  fi
  echo "example directory: ldap://127.0.0.1:$port (pid $(cat "$dir/slapd.pid"))"
  ;;
stop)
  [[ -n $dir ]] || { echo "usage: $0 stop DIR" >&2; exit 64; }
  if [[ -f $dir/slapd.pid ]]; then
    pid=$(cat "$dir/slapd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "stopped slapd $pid"
  else
    echo "no slapd.pid in $dir" >&2
  fi
  ;;
*)
  echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 64 ;;
esac
