#!/usr/bin/env bash
# Installs every Debian package alignctl needs to build, test and benchmark.
# Idempotent: packages already present are skipped by apt-get; safe to re-run.
# Usage: scripts/install-deps.sh [--no-directory-servers]
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config git clang-format
  libyaml-cpp-dev nlohmann-json3-dev libcurl4-openssl-dev libfmt-dev catch2
  libcli11-dev libcpp-httplib-dev libssl-dev libgit2-dev libldap-dev
  clang libclang-rt-14-dev time openssl python3 python3-yaml curl
)
directory_pkgs=(slapd ldap-utils samba samba-ad-dc samba-ad-provision winbind ldb-tools
  krb5-user libsasl2-modules-gssapi-mit) # Kerberos: the GSSAPI bind test against Samba's KDC

want=("${build_pkgs[@]}")
if [[ "${1:-}" != "--no-directory-servers" ]]; then
  want+=("${directory_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# slapd must not create a system instance: tests run their own on loopback.
echo 'slapd slapd/no_configuration boolean true' | $SUDO debconf-set-selections
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Samba's packaging may start system daemons; tests run their own on loopback.
for svc in samba-ad-dc smbd nmbd winbind slapd; do
  $SUDO systemctl stop "$svc" >/dev/null 2>&1 || true
  $SUDO systemctl disable "$svc" >/dev/null 2>&1 || true
done
echo "install-deps: done"
