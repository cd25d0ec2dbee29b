// The canonical writer of the desired-state file (docs/desired-state-format.md):
// the same users always give the same bytes, so an unchanged directory gives
// an unchanged file and the git diff shows exactly who joins and who leaves.
#pragma once

#include "state/model/desired_state.hpp"
#include "state/util/result.hpp"

#include <string>
#include <string_view>

namespace alignctl {

// Sorts users by the key field (ASCII case-insensitively, ties by raw bytes)
// and each user's groups; trims every value.
void canonicalize(DesiredState& state);

// The file text for `state` (canonicalize()d first): header comments naming
// state.source, `version: 1`, then one block per user in the fixed field
// order, values quoted only when YAML would not read them back unchanged.
std::string render_desired_state(const DesiredState& state);

// A YAML scalar for `value`: plain when a YAML reader gives back the same
// string, else double-quoted with escapes. `in_flow` also quotes flow
// indicators and '?' (",?[]{}") for use inside "[a, b]".
std::string yaml_scalar(std::string_view value, bool in_flow = false);
// True when yaml_scalar writes `value` plain, without quotes: a YAML reader
// gives back exactly `value` for it.
bool yaml_plain_ok(std::string_view value, bool in_flow = false);
// yaml_scalar(value, in_flow) appended to `out` (no string per value).
void append_yaml_scalar(std::string& out, std::string_view value, bool in_flow = false);

} // namespace alignctl
