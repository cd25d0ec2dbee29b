#!/usr/bin/env bash
# The Debian package (issue 6): build it with CPack from this build tree into
# a scratch directory and check what a fresh machine would get —
#   * the files: the binary, a man page per subcommand, bash completion;
#   * the declared Depends cover every shared library the binary needs (each
#     NEEDED entry resolved to its file, then to the Debian package owning it);
#   * the extracted binary runs and reports the version and commit;
#   * the completion script loads and completes subcommands.
# Installing into a fresh Debian 12 root is scripts/check-deb-fresh.sh (needs
# root and debootstrap; run by hand, see the README).
# The package is for the release it is built on (its Depends name that
# release's library packages, e.g. libgit2-1.5 on Debian 12, libgit2-1.7 on
# Ubuntu 24.04): the project builds it on Debian 12, for Debian 12 — the
# example pipelines (examples/ci) install it in a debian:12 container.
set -euo pipefail
: "${ALIGNCTL_BIN:?set by ctest}"
build=$(cd "$(dirname "$ALIGNCTL_BIN")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package: FAIL: $*" >&2; exit 1; }

for tool in cpack dpkg-deb dpkg readelf; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/alignctl_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "no .deb in $work/out"
echo "package: built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
# shellcheck disable=SC1091 # the build machine's release: the one the package is for
built_on=$(. /etc/os-release && echo "${PRETTY_NAME:-$ID $VERSION_ID}")
echo "package: for $built_on only (Depends name its library packages)"


# 1. Files.
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
grep -qx './usr/bin/alignctl' "$work/files" || fail "no /usr/bin/alignctl"
grep -qx './usr/share/bash-completion/completions/alignctl' "$work/files" || fail "no completion"
subcommands=$("$ALIGNCTL_BIN" --help | awk '/^Subcommands:/{on=1;next} on && /^  [a-z]/{print $1}')
[ -n "$subcommands" ] || fail "could not read the subcommands from --help"
grep -qx './usr/share/man/man1/alignctl.1' "$work/files" || fail "no alignctl(1)"
for sub in $subcommands; do
  grep -qx "./usr/share/man/man1/alignctl-$sub.1" "$work/files" || fail "no man page for $sub"
done

# 2. Depends cover every NEEDED library.
depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] || fail "no Depends field"
# Package names only: "libc6 (>= 2.34), libcurl4 (>= 7.63.0) | x" → one per line.
depend_names=$(tr ',|' '\n\n' <<<"$depends" | awk '{print $1}')
mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/alignctl"
missing=0
for lib in $(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
  # (awk reads to the end: an early exit would SIGPIPE ldconfig and, with
  # pipefail, silently end the script)
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !p {p = $NF} END {print p}')
  [ -n "$path" ] || fail "cannot resolve $lib"
  owner=$( (dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null || true) |
    awk -F: 'NR == 1 {print $1}')
  [ -n "$owner" ] || fail "no package owns $path ($lib)"
  if ! grep -qxF "$owner" <<<"$depend_names"; then
    echo "package: $lib ($owner) is not in Depends: $depends" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || fail "Depends is incomplete"
echo "package: Depends: $depends"

# 3. The packaged binary runs.
version=$("$bin" --version)
[[ "$version" =~ ^alignctl\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{12}|unknown)\)$ ]] ||
  fail "unexpected --version: $version"
echo "package: $version"

# 4. Completion loads and offers the subcommands.
completion="$work/root/usr/share/bash-completion/completions/alignctl"
offered=$(PATH="$work/root/usr/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(alignctl ""); COMP_CWORD=1; COMP_LINE="alignctl ";
  COMP_POINT=${#COMP_LINE}; _alignctl alignctl "" alignctl 2>/dev/null || true;
  printf "%s\n" "${COMPREPLY[@]}"' _ "$completion")
for sub in $subcommands; do
  grep -qx "$sub" <<<"$offered" || fail "completion does not offer '$sub' (offered: $offered)"
done
echo "package: OK"
