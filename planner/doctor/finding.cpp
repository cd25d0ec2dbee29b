#include "planner/doctor/finding.hpp"

#include "state/util/enum_names.hpp"

#include <algorithm>

namespace alignctl {

namespace {
constexpr EnumName<Verdict> k_verdicts[] = {
    {Verdict::Ok, "ok"}, {Verdict::Note, "note"}, {Verdict::Block, "block"}};
static_assert(lists_every_value(k_verdicts, Verdict::Block), "every Verdict needs a name");
} // namespace

std::string_view verdict_name(Verdict v) {
  return name_of(k_verdicts, v, "?");
}

bool DoctorReport::ready() const {
  return count(Verdict::Block) == 0;
}

std::size_t DoctorReport::count(Verdict v) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [v](const Finding& f) { return f.verdict == v; }));
}

} // namespace alignctl
