#!/usr/bin/env bash
# e2e: the README's demo loop (export → commit → plan → apply → plan) in a
# temporary directory, against the build under test, then the simulator's final
# state checked through its side door (scripts/demo-verify.py).
set -euo pipefail
build=$(cd "$(dirname "$ALIGNCTL_BIN")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/alignctl-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$ALIGNCTL_SOURCE_DIR/scripts/demo.sh" --no-install --build-dir "$build" --work "$work/demo" --verify
