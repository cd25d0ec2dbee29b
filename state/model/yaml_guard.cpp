#include "state/model/yaml_guard.hpp"

#include "state/model/yaml_mark.hpp"
#include "state/util/input_limits.hpp"
#include "state/util/text_scan.hpp"
#include "state/util/view_streambuf.hpp"

#include <fmt/core.h>
#include <istream>
#include <limits>
#include <vector>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

namespace alignctl {
namespace {

// Measures what aliases (*name) add to the first document: each node counts
// one, each scalar also its length; an alias adds the measured size of what it
// names. yaml-cpp shares aliased nodes, so loading is cheap, but any walk or
// copy of the values pays the expanded size: an alias bomb (lists of aliases
// of lists of aliases) or an alias inside the collection it names (a cycle)
// would cost gigabytes or never end. One streaming pass, memory O(depth +
// anchors), saturating arithmetic.
class AliasMeter : public YAML::EventHandler {
public:
  static constexpr std::size_t k_infinite = std::numeric_limits<std::size_t>::max() / 4;

  std::size_t added() const { return m_added; }
  YAML::Mark cycle_mark() const { return m_cycle_mark; }
  bool cycle() const { return m_cycle; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor, 1); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    leaf(anchor, 1 + value.size());
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= m_size.size() || m_open[anchor]) {
      if (!m_cycle) {
        m_cycle = true;
        m_cycle_mark = mark;
      }
      add(k_infinite);
      return;
    }
    m_added = saturating(m_added, m_size[anchor]);
    add(m_size[anchor]);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnMapEnd() override { close(); }

private:
  struct Frame {
    YAML::anchor_t anchor;
    std::size_t size;
  };
  static std::size_t saturating(std::size_t a, std::size_t b) {
    return std::min(a + std::min(b, k_infinite), k_infinite);
  }
  void add(std::size_t n) {
    if (!m_stack.empty()) {
      m_stack.back().size = saturating(m_stack.back().size, n);
    }
  }
  void record(YAML::anchor_t anchor, std::size_t size, bool open) {
    if (anchor == YAML::NullAnchor) {
      return;
    }
    if (anchor >= m_size.size()) {
      m_size.resize(anchor + 1, 0);
      m_open.resize(anchor + 1, false);
    }
    m_size[anchor] = size;
    m_open[anchor] = open;
  }
  void leaf(YAML::anchor_t anchor, std::size_t size) {
    record(anchor, size, false);
    add(size);
  }
  void open(YAML::anchor_t anchor) {
    record(anchor, 1, true);
    m_stack.push_back(Frame{anchor, 1});
  }
  void close() {
    if (m_stack.empty()) {
      return;
    }
    Frame f = m_stack.back();
    m_stack.pop_back();
    record(f.anchor, f.size, false);
    add(f.size);
  }

  std::vector<Frame> m_stack;
  std::vector<std::size_t> m_size; // by anchor id: the expanded size
  std::vector<bool> m_open;        // by anchor id: its collection has not ended yet
  std::size_t m_added = 0;         // what aliases add, in total
  bool m_cycle = false;
  YAML::Mark m_cycle_mark;
};

} // namespace

GuardedYaml load_guarded_yaml(std::string_view text, const std::string& file, std::size_t max_bytes,
                              const std::string& noun, const std::string& nesting) {
  GuardedYaml out;
  if (text.size() > max_bytes) {
    out.problem = Diagnostic{file, 0, 0,
                             fmt::format("the file is {}, over the limit of {} for a {}",
                                         format_size(text.size()), format_size(max_bytes), noun)};
    return out;
  }
  if (auto bad = find_text_problem(text)) {
    out.problem = Diagnostic{file, bad->line, bad->column, bad->message};
    return out;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (about 500 levels); its message says only "bad file".
    out.problem = diagnostic_at(
        file, e.mark, "not valid YAML: lists and mappings nested too deeply (" + nesting + ")");
    return out;
  } catch (const YAML::Exception& e) {
    out.problem = diagnostic_at(file, e.mark, "not valid YAML: " + e.msg);
    return out;
  }
  AliasMeter meter;
  ViewStreambuf buffer(text);
  std::istream in(&buffer);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(meter);
  } catch (const YAML::Exception&) {
    // Not reached: YAML::Load parsed the same first document above.
  }
  if (meter.cycle()) {
    out.problem = diagnostic_at(file, meter.cycle_mark(),
                                "an alias (*name) inside the list or mapping it names: the " +
                                    noun + " would never end");
    return out;
  }
  if (meter.added() > k_max_alias_expansion_bytes) {
    out.problem = Diagnostic{file, 0, 0,
                             fmt::format("aliases (*name) would add more than {} to the {} (an "
                                         "alias bomb?); write the values out instead",
                                         format_size(k_max_alias_expansion_bytes), noun)};
    return out;
  }
  out.root = std::move(root);
  return out;
}

} // namespace alignctl
