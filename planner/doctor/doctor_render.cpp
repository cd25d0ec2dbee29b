#include "planner/doctor/doctor_render.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace alignctl {

std::string render_doctor_text(const DoctorReport& report) {
  std::string out = fmt::format("alignctl doctor: {}\n\n", report.target);
  std::size_t width = 0;
  for (const Finding& f : report.findings) {
    width = std::max(width, f.check.size());
  }
  for (const Finding& f : report.findings) {
    out += fmt::format("  {:<5}  {:<{}}  {}\n", verdict_name(f.verdict), f.check, width, f.found);
    if (f.verdict != Verdict::Ok) {
      out += fmt::format("  {:<5}  {:<{}}  assumed: {}\n", "", "", width, f.assumes);
    }
    if (!f.fix.empty()) {
      out += fmt::format("  {:<5}  {:<{}}  fix: {}\n", "", "", width, f.fix);
    }
  }
  std::size_t blocking = report.count(Verdict::Block);
  if (blocking == 0) {
    out += fmt::format("\nready: alignctl can run against this instance as configured ({} "
                       "note{}).\n",
                       report.count(Verdict::Note), report.count(Verdict::Note) == 1 ? "" : "s");
  } else {
    out += fmt::format("\nnot ready: {} blocking finding{}; change what each 'fix' says and run "
                       "doctor again.\n",
                       blocking, blocking == 1 ? "" : "s");
  }
  return out;
}

std::string render_doctor_json(const DoctorReport& report) {
  nlohmann::ordered_json doc;
  doc["format"] = "alignctl-doctor";
  doc["version"] = 1;
  doc["target"] = report.target;
  doc["ready"] = report.ready();
  doc["findings"] = nlohmann::ordered_json::array();
  for (const Finding& f : report.findings) {
    doc["findings"].push_back({{"check", f.check},
                               {"verdict", std::string(verdict_name(f.verdict))},
                               {"assumes", f.assumes},
                               {"found", f.found},
                               {"fix", f.fix}});
  }
  return doc.dump(2) + "\n";
}

} // namespace alignctl
