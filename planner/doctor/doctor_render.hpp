// `alignctl doctor`'s report as text (one line per finding, then what to
// change) or JSON (format "alignctl-doctor", version 1; docs/doctor.md).
#pragma once

#include "planner/doctor/finding.hpp"

#include <string>

namespace alignctl {

std::string render_doctor_text(const DoctorReport& report);
std::string render_doctor_json(const DoctorReport& report);

} // namespace alignctl
