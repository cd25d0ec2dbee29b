#include "planner/doctor/finding.hpp"

#include <algorithm>

namespace alignctl {

std::string_view verdict_name(Verdict v) {
  switch (v) {
  case Verdict::Ok:
    return "ok";
  case Verdict::Note:
    return "note";
  case Verdict::Block:
    return "block";
  }
  return "?";
}

bool DoctorReport::ready() const {
  return count(Verdict::Block) == 0;
}

std::size_t DoctorReport::count(Verdict v) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [v](const Finding& f) { return f.verdict == v; }));
}

} // namespace alignctl
