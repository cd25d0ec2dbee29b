#!/usr/bin/env bash
# Installs the alignctl .deb into a FRESH Debian 12 root (debootstrap
# --variant=minbase, nothing else installed) with apt, and checks that it
# works there: apt pulls exactly the declared runtime dependencies, the binary
# runs, the man pages and bash completion are in place, and a plan can be
# rendered from an example policy offline (`validate --offline`).
#
#   scripts/check-deb-fresh.sh [BUILD_DIR] [ROOT_DIR]
#
# Needs root and network access to the Debian mirror (debootstrap and apt
# download Debian packages). ROOT_DIR is reused when it already holds a root
# (default: /var/tmp/alignctl-fresh-root). Takes ~1 min for debootstrap.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
root=${2:-/var/tmp/alignctl-fresh-root}
[ "$(id -u)" -eq 0 ] || { echo "check-deb-fresh: needs root (chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null

work=$(mktemp -d)
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >/dev/null
deb=$(find "$work" -maxdepth 1 -name 'alignctl_*.deb' | head -n1)
[ -n "$deb" ] || { echo "check-deb-fresh: cpack made no .deb" >&2; exit 1; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
  echo "check-deb-fresh: debootstrap bookworm into $root"
  debootstrap --variant=minbase bookworm "$root" >"$work/debootstrap.log" # the default mirror
fi
if chroot "$root" dpkg -s alignctl >/dev/null 2>&1; then
  chroot "$root" apt-get purge -y alignctl >/dev/null
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/alignctl.deb"
cp "$repo/examples/alignctl.yaml" "$root/tmp/alignctl.yaml"

echo "check-deb-fresh: before: $(chroot "$root" dpkg-query -f '.\n' -W | wc -l) packages"
chroot "$root" apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/alignctl.deb \
  >"$work/apt.log" 2>&1
echo "check-deb-fresh: after:  $(chroot "$root" dpkg-query -f '.\n' -W | wc -l) packages"
chroot "$root" /usr/bin/alignctl --version
chroot "$root" ldd /usr/bin/alignctl | grep -q "not found" &&
  { echo "check-deb-fresh: FAIL: unresolved libraries" >&2; exit 1; }
for f in /usr/share/man/man1/alignctl-plan.1 /usr/share/bash-completion/completions/alignctl; do
  [ -f "$root$f" ] || { echo "check-deb-fresh: FAIL: missing $f" >&2; exit 1; }
done
chroot "$root" bash -c 'cd /tmp && printf "version: 1\nusers: []\n" > users.yaml &&
  alignctl validate --policy alignctl.yaml --desired users.yaml --offline'
echo "check-deb-fresh: OK — installed and ran in a fresh Debian 12 root"
