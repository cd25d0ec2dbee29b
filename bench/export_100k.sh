#!/usr/bin/env bash
# Benchmark: `alignctl export` of a 100,000-member group from slapd, beside
# ldapsearch fetching the same entries (same filter, attributes and page size)
# to /dev/null in the same run — the floor. Prints wall time and peak RSS.
# Target: export within 1.5x of ldapsearch, peak RSS under 300 MB.
#   bench/export_100k.sh [ALIGNCTL_BIN] [USERS]     (ROUNDS=N: rounds of the pair, default 3)
# Needs slapd, ldap-utils, python3 and /usr/bin/time (scripts/install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${ALIGNCTL_BIN:-$root/build/alignctl}}
users=${2:-100000}
[[ -x $bin ]] || { echo "no alignctl binary at $bin (give its path)" >&2; exit 2; }
work=$(mktemp -d /tmp/alignctl-bench-XXXXXX)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

base="dc=example,dc=com"
group="cn=Bulk,ou=Groups,$base"
mkdir -p "$work/db"
cat > "$work/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include $root/tests/fixtures/directory/alignctl-ad.schema
pidfile $work/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
sizelimit unlimited
database mdb
suffix "$base"
rootdn "cn=admin,$base"
rootpw admin
directory $work/db
maxsize 4294967296
dbnosync
index objectClass eq
index uid,cn,member,sAMAccountName eq
overlay memberof
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
CONF

echo "generating $users users and one group holding them all (memberOf precomputed: slapadd runs no overlays)"
python3 - "$work/data.ldif" "$users" "$base" "$group" <<'PY'
import sys
path, n, base, group = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
regions = ["AMER", "EMEA", "APAC"]
with open(path, "w") as f:
    f.write(f"dn: {base}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n")
    f.write(f"dn: cn=reader,{base}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: reader\n\n")
    f.write(f"dn: ou=People,{base}\nobjectClass: organizationalUnit\nou: People\n\n")
    f.write(f"dn: ou=Groups,{base}\nobjectClass: organizationalUnit\nou: Groups\n\n")
    for i in range(n):
        u = f"u{i:06d}"
        f.write(f"dn: uid={u},ou=People,{base}\nobjectClass: inetOrgPerson\nobjectClass: alignctlAccount\n"
                f"uid: {u}\nsAMAccountName: {u}\ncn: Given{i} Family{i}\ngivenName: Given{i}\nsn: Family{i}\n"
                f"mail: {u}@example.com\ntitle: Engineer {i % 7}\nl: {regions[i % 3]}\nuserAccountControl: 512\n"
                f"memberOf: {group}\n\n")
    f.write(f"dn: {group}\nobjectClass: groupOfNames\ncn: Bulk\n")
    for i in range(n):
        f.write(f"member: uid=u{i:06d},ou=People,{base}\n")
    f.write("\n")
PY
t0=$(date +%s.%N)
slapadd -q -f "$work/slapd.conf" -l "$work/data.ldif"
t1=$(date +%s.%N)
printf 'slapadd -q: %.1f s\n' "$(echo "$t1 - $t0" | bc)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="ldap://127.0.0.1:$port"
slapd -d 0 -f "$work/slapd.conf" -h "$url/" >"$work/slapd.log" 2>&1 &
pid=$!
for _ in $(seq 100); do ldapsearch -x -H "$url" -b "" -s base 1.1 >/dev/null 2>&1 && break; sleep 0.1; done

filter="(&(objectClass=inetOrgPerson)(memberOf=$group))"
attrs=(uid givenName sn mail title l)
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt" >&2; echo "$label failed" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
  # m:ss.ss → seconds
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  printf '%-44s wall %7.2f s   peak RSS %7.1f MB\n' "$label" "$secs" "$(echo "$rss / 1024" | bc -l)"
  local var=${label%% *}
  var=${var//[^a-zA-Z0-9_]/_}
  eval "${var}_secs=$secs; ${var}_rss=$rss"
}

rounds=${ROUNDS:-3}
export BENCH_PW=reader
floor_cmd=(ldapsearch -LLL -x -H "$url" -D "cn=reader,$base" -w reader -b "$base" -E pr=1000/noprompt
  "$filter" "${attrs[@]}")
export_cmd=("$bin" export --type ldap --url "$url" --bind-dn "cn=reader,$base" --password-env BENCH_PW
  --base-dn "$base" --group "$group" --nested none --page-size 1000 --region-attribute l
  --out "$work/users.yaml" --quiet)
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "--- $users members, page size 1000, $rounds rounds alternating in the same run ---"
ratios=() ; export_rss=0
for ((r = 1; r <= rounds; ++r)); do
  measure "ldapsearch (floor, LDIF to /dev/null)" "${floor_cmd[@]}"
  rm -f "$work/users.yaml"
  measure "alignctl (nested none: memberOf filter)" "${export_cmd[@]}"
  ratios+=("$(echo "$alignctl_secs / $ldapsearch_secs" | bc -l)")
  ((alignctl_rss > export_rss)) && export_rss=$alignctl_rss
done
count=$(grep -c '^  - externalId: ' "$work/users.yaml")
ratio=$(printf '%s\n' "${ratios[@]}" | median)
worst=$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)
printf 'exported %d users; alignctl/ldapsearch wall ratio median %.2f, worst %.2f over %d rounds (target <= 1.5); peak RSS %.0f MB (target < 300)\n' \
  "$count" "$ratio" "$worst" "$rounds" "$(echo "$export_rss / 1024" | bc -l)"

echo "--- again over the existing file (a scheduled export) ---"
measure "alignctl, directory unchanged" "${export_cmd[@]}"
sed -i '0,/^  - externalId: u000000$/s//  - externalId: u000000-old/' "$work/users.yaml"
measure "alignctl, one user changed (file parsed)" "${export_cmd[@]}"
rm -f "$work/users.yaml"
measure "recursive (member values + user search)" \
  "$bin" export --type ldap --url "$url" --bind-dn "cn=reader,$base" --password-env BENCH_PW \
  --base-dn "$base" --group "$group" --nested recursive --page-size 1000 --region-attribute l \
  --out "$work/users.yaml" --quiet
echo "(client-side recursion reads the group's 100,000 member values, then all users: not the floor's work)"
