#include "state/model/yaml_event_log.hpp"

#include "state/model/canonical_yaml.hpp"
#include "state/util/text_scan.hpp"
#include "state/util/view_streambuf.hpp"

#include <fmt/core.h>
#include <istream>
#include <yaml-cpp/yaml.h>

namespace alignctl {
namespace {

class EventLog : public YAML::EventHandler {
public:
  std::string text;

  void OnDocumentStart(const YAML::Mark& m) override { line("DocumentStart", m); }
  void OnDocumentEnd() override { text += "DocumentEnd\n"; }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    line("Null", m, fmt::format("&{}", a));
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    line("Alias", m, fmt::format("*{}", a));
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    // The value's length first: values may hold any byte, newlines included.
    line("Scalar", m, fmt::format("{} &{} {}:{}", tag, a, value.size(), value));
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                       YAML::EmitterStyle::value style) override {
    line("SequenceStart", m, fmt::format("{} &{} style {}", tag, a, static_cast<int>(style)));
  }
  void OnSequenceEnd() override { text += "SequenceEnd\n"; }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                  YAML::EmitterStyle::value style) override {
    line("MapStart", m, fmt::format("{} &{} style {}", tag, a, static_cast<int>(style)));
  }
  void OnMapEnd() override { text += "MapEnd\n"; }

private:
  void line(const char* event, const YAML::Mark& m, const std::string& rest = "") {
    text += fmt::format("{} @{}:{}:{} {}\n", event, m.pos, m.line, m.column, rest);
  }
};

} // namespace

std::optional<std::string> yaml_cpp_event_log(std::string_view text) {
  EventLog log;
  ViewStreambuf buffer(text);
  std::istream in(&buffer);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(log)) {
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  return log.text;
}

std::optional<std::string> canonical_event_log(std::string_view text) {
  EventLog log;
  // emit_canonical_yaml's precondition, as the reader establishes it.
  if (find_text_problem(text) || !emit_canonical_yaml(text, log)) {
    return std::nullopt;
  }
  return log.text;
}

} // namespace alignctl
