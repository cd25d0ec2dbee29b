#!/usr/bin/env bash
# Writes one man page per subcommand (and alignctl.1) from the binary's own
# --help, so the pages can never disagree with the program.
# Usage: scripts/gen-man.sh ALIGNCTL_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
version=$("$bin" --version | awk '{print $2}')
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-0}" +%Y-%m-%d 2>/dev/null || echo 1970-01-01)

# Escapes roff's special leading characters and backslashes.
roff_escape() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }

exit_codes() {
  cat <<'ROFF'
.SH EXIT STATUS
.TP
.B 0
success; for plan with \-\-detailed\-exitcode: no changes
.TP
.B 1
error (bad input, server error); nothing was written; for doctor: not ready
.TP
.B 2
plan with \-\-detailed\-exitcode: changes present; export with \-\-check: the file would change
.TP
.B 3
apply: the live state drifted from the plan's preconditions; re-plan
.TP
.B 4
apply: some actions failed; the rest were applied (see the journal)
.TP
.B 64
bad command line (unknown option, missing argument, bad URL)
ROFF
}

page() { # name, summary, help-text
  local name=$1 summary=$2 help=$3 upper
  upper=$(echo "$name" | tr '[:lower:]-' '[:upper:]_')
  {
    echo ".TH $upper 1 \"$date\" \"alignctl $version\" \"alignctl manual\""
    echo ".SH NAME"
    echo "$name \\- $summary"
    echo ".SH DESCRIPTION"
    echo ".nf"
    echo "$help" | roff_escape
    echo ".fi"
    exit_codes
    echo ".SH SEE ALSO"
    echo "alignctl(1), and the reference in /usr/share/doc/alignctl"
  } >"$out/$name.1"
}

top=$("$bin" --help)
page alignctl "access-as-code for Jira Align: export, plan, apply" "$top"
echo "$top" | awk '/^Subcommands:/{f=1;next} f&&NF{print}' | while read -r sub summary; do
  page "alignctl-$sub" "$summary" "$("$bin" "$sub" --help)"
done
echo "gen-man: $(ls "$out" | wc -l) pages in $out"
