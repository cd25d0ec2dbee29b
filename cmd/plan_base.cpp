#include "cmd/plan_base.hpp"

#include "planner/change_label.hpp"
#include "state/git/git_history.hpp"
#include "state/git/git_read.hpp"
#include "state/model/desired_state_reader.hpp"
#include "state/util/fatal.hpp"
#include "state/util/input_limits.hpp"

#include <fmt/core.h>
#include <future>
#include <memory>
#include <unordered_map>

namespace alignctl {

namespace {

// One version of the desired-state file, parsed and indexed.
struct Version {
  DesiredState state;
  std::unique_ptr<DesiredIndex> index;
};

// The desired state at `ref` (empty when the file does not exist there) and
// the commit `ref` resolved to.
struct BaseState {
  DesiredState state;
  std::string commit;
  std::string blob_id; // "" when the file is missing
  std::string spec;    // git:REF:PATH
  Diagnostics diagnostics;
};

BaseState read_base(const std::string& ref, const std::string& path, MatchKey key) {
  BaseState base;
  base.state.key = key;
  const std::string spec = fmt::format("git:{}:{}", ref, path);
  base.spec = spec;
  Result<GitFile> file =
      read_file_at_ref(".", ref, path, k_max_desired_state_bytes, "desired-state file");
  if (!file && file.error().kind == ErrorKind::NotFound) {
    Result<std::string> commit = resolve_commit_id(".", ref);
    if (!commit) {
      throw Fatal("--base: " + commit.error().message);
    }
    base.commit = *commit;
    return base; // no desired state at the base: every user in it is new
  }
  if (!file) {
    throw Fatal("--base: " + file.error().message);
  }
  base.commit = file->commit_id;
  base.blob_id = file->blob_id;
  DesiredStateRead read = read_desired_state(file->content, spec, key);
  base.diagnostics = std::move(read.diagnostics);
  base.state = std::move(read.state);
  base.state.source = spec;
  return base;
}

// The base is planned only to be compared with: limits and the empty-state
// guard apply to the plan itself, not to this comparison.
Policy comparison_policy(const Policy& policy) {
  Policy p = policy;
  p.max_deactivations.reset();
  p.max_creates.reset();
  p.allow_empty_desired = true;
  return p;
}

} // namespace

struct BaseComparison::State {
  std::string ref;
  GitSpec spec;
  MatchKey key = MatchKey::ExternalId;
  std::future<BaseState> reading;
  std::future<PlanOutcome> planning;
  BaseState base; // once planning has started
  Policy policy;  // the comparison policy, alive while planning
  std::unique_ptr<DesiredIndex> head_index;
  std::unique_ptr<DesiredIndex> base_index;
  BaseScope scope;
  bool scoped = false; // the base plan covers only `scope`
};

BaseComparison::BaseComparison(std::string base_ref, const std::string& desired_spec, MatchKey key)
    : m_state(std::make_unique<State>()) {
  Result<GitSpec> spec = parse_git_spec(desired_spec);
  if (!spec || spec->ref.empty()) {
    throw Fatal(fmt::format("--base {} needs the desired state from git (--desired "
                            "git:REF:PATH, e.g. git:HEAD:users.yaml); '{}' is a plain file",
                            base_ref, desired_spec),
                k_exit_usage);
  }
  m_state->ref = std::move(base_ref);
  m_state->spec = *spec;
  m_state->key = key;
  State* st = m_state.get();
  st->reading =
      std::async(std::launch::async, [st] { return read_base(st->ref, st->spec.path, st->key); });
}

BaseComparison::~BaseComparison() {
  wait();
}

void BaseComparison::wait() noexcept {
  if (m_state->reading.valid()) {
    m_state->reading.wait();
  }
  if (m_state->planning.valid()) {
    m_state->planning.wait();
  }
}

void BaseComparison::start_plan(const DesiredState& desired, const std::vector<LiveUser>& live,
                                const Policy& policy, const PlanContext& context) {
  State* st = m_state.get();
  st->base = st->reading.get(); // rethrows a failure to read REF
  if (!st->base.diagnostics.empty()) {
    print_diagnostics(st->base.diagnostics);
    throw Fatal(fmt::format("--base: the desired state {} has {} problem{}; cannot tell this "
                            "change from drift, nothing was planned",
                            st->base.spec, st->base.diagnostics.size(),
                            st->base.diagnostics.size() == 1 ? "" : "s"));
  }
  st->policy = comparison_policy(policy);
  st->planning = std::async(std::launch::async, [st, &desired, &live, &context] {
    st->head_index = std::make_unique<DesiredIndex>(desired, st->key);
    st->base_index = std::make_unique<DesiredIndex>(st->base.state, st->key);
    // Only the changed entries need planning at the base (see BaseScope);
    // should that part not plan (a check that looks at everyone, such as the
    // account-ID guard), the whole base is planned instead.
    st->scope =
        base_scope(st->base.state, *st->base_index, desired, *st->head_index, live, st->key);
    PlanOutcome out = reconcile(st->scope.desired, st->scope.live, st->policy, context);
    st->scoped = out.ok();
    return st->scoped ? out : reconcile(st->base.state, live, st->policy, context);
  });
}

void BaseComparison::label(Plan& plan, const PlanInputs& in) {
  State* st = m_state.get();
  PlanOutcome at_base = st->planning.get();
  const std::string& base_ref = st->ref;
  const GitSpec* spec = &st->spec;
  const MatchKey key = st->key;
  BaseState& base = st->base;
  if (!at_base.ok()) {
    throw Fatal(fmt::format("--base: the desired state at {} cannot be planned, so this change "
                            "cannot be told from drift: {}",
                            base_ref, at_base.errors.front()));
  }
  const DesiredIndex& head_index = *st->head_index;
  const DesiredIndex& base_index = *st->base_index;
  std::vector<std::string> changed =
      label_actions(plan, at_base.plan, base_index, head_index, BaseRef{base_ref, base.commit},
                    st->scoped ? &st->scope : nullptr);
  if (changed.empty()) {
    return;
  }

  // Who changed each changed entry last: the file's history from the planned
  // commit, newest first. Versions are parsed once each (the planned and the
  // base version are already parsed).
  Result<GitHistory> history = GitHistory::open(".");
  if (!history) {
    throw Fatal("--base: " + history.error().message);
  }
  std::unordered_map<std::string, const DesiredIndex*> indexes;
  indexes.emplace(in.desired_blob_id, &head_index);
  if (!base.blob_id.empty()) {
    indexes.emplace(base.blob_id, &base_index);
  }
  std::vector<std::unique_ptr<Version>> parsed;
  std::optional<Error> failure;
  bool capped = false;
  auto index_of = [&](const std::string& blob_id) -> const DesiredIndex* {
    if (auto it = indexes.find(blob_id); it != indexes.end()) {
      return it->second;
    }
    if (parsed.size() >= k_base_history_max_versions) {
      capped = true;
      return nullptr;
    }
    Result<std::string> text =
        history->read_blob(blob_id, k_max_desired_state_bytes, "desired-state file");
    if (!text) {
      failure = text.error();
      return nullptr;
    }
    auto v = std::make_unique<Version>();
    v->state = read_desired_state(*text, spec->path + "@" + blob_id.substr(0, 12), key).state;
    v->index = std::make_unique<DesiredIndex>(v->state, key);
    const DesiredIndex* out = v->index.get();
    parsed.push_back(std::move(v));
    indexes.emplace(blob_id, out);
    return out;
  };
  EntryHistory entries(std::move(changed));
  Result<HistoryWalk> walk = history->walk_file_changes(
      plan.provenance.desired_commit, spec->path, k_base_history_max_commits,
      [&](const FileChange& change) {
        const DesiredIndex* after = index_of(change.blob_id);
        const DesiredIndex* before =
            change.parent_blob_id.empty() ? nullptr : index_of(change.parent_blob_id);
        if (after == nullptr || (!change.parent_blob_id.empty() && before == nullptr)) {
          return false; // capped, or failed
        }
        CommitRef commit{change.commit.id, change.commit.date, change.commit.author};
        return entries.add_change(commit, *after, before);
      });
  if (!walk) {
    throw Fatal("--base: reading the history of " + spec->path + ": " + walk.error().message);
  }
  if (failure) {
    throw Fatal("--base: reading the history of " + spec->path + ": " + failure->message);
  }
  entries.attach(plan, capped || walk->capped);
}

} // namespace alignctl
