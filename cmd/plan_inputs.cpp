#include "cmd/plan_inputs.hpp"

#include "planner/digest.hpp"
#include "planner/policy_loader.hpp"
#include "state/git/git_read.hpp"
#include "state/model/desired_state_reader.hpp"
#include "state/util/bounded_read.hpp"
#include "state/util/fatal.hpp"
#include "state/util/file_io.hpp"
#include "state/util/input_limits.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {

std::string read_whole_file(const std::string& path, const std::string& what,
                            std::size_t max_bytes) {
  Result<std::string> text = read_file_bounded(path, max_bytes, what);
  if (!text) {
    throw Fatal(text.error().message);
  }
  return std::move(*text);
}

PlanInputs load_plan_inputs(const std::string& policy_path, const std::string& desired_spec) {
  PlanInputs in;
  const std::string policy_text = read_whole_file(policy_path, "policy file", k_max_policy_bytes);
  in.provenance.policy_source = policy_path;
  in.provenance.policy_sha256 = sha256_hex(policy_text);

  std::string desired_text;
  std::string desired_name = desired_spec;
  Result<GitSpec> spec = parse_git_spec(desired_spec);
  if (!spec) {
    throw Fatal(spec.error().message, k_exit_usage);
  }
  if (!spec->ref.empty()) {
    Result<GitFile> file = read_file_at_ref(".", spec->ref, spec->path, k_max_desired_state_bytes,
                                            "desired-state file");
    if (!file) {
      throw Fatal(file.error().message);
    }
    desired_text = std::move(file->content);
    in.provenance.desired_commit = file->commit_id;
    in.desired_blob_id = file->blob_id;
  } else {
    desired_text = read_whole_file(desired_spec, "desired-state file", k_max_desired_state_bytes);
  }
  in.provenance.desired_source = desired_spec;
  in.provenance.desired_sha256 = sha256_hex(desired_text);

  PolicyLoad policy = load_policy(policy_text, policy_path);
  in.diagnostics = std::move(policy.diagnostics);
  in.policy = std::move(policy.policy);
  const MatchKey key = in.diagnostics.empty() ? in.policy.match_key : MatchKey::ExternalId;
  DesiredStateRead desired = read_desired_state(desired_text, desired_name, key);
  in.diagnostics.insert(in.diagnostics.end(), desired.diagnostics.begin(),
                        desired.diagnostics.end());
  in.desired = std::move(desired.state);
  in.desired.source = desired_name;
  return in;
}

Policy read_policy_file(const std::string& path, const std::string& consequence, PolicyUse use) {
  PolicyLoad loaded =
      load_policy(read_whole_file(path, "policy file", k_max_policy_bytes), path, use);
  if (!loaded.ok()) {
    print_diagnostics(loaded.diagnostics);
    const std::size_t n = loaded.diagnostics.size();
    throw Fatal(fmt::format("policy file {} has {} problem{}; {}", path, n, n == 1 ? "" : "s",
                            consequence));
  }
  return std::move(loaded.policy);
}

void print_diagnostics(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    fmt::print(stderr, "{}\n", d.to_string());
  }
}

void write_private_file_atomically(const std::string& path, std::string_view content) {
  if (auto w = write_file_atomically(path, content, 0600); !w) {
    throw Fatal("cannot write " + path + ": " + w.error().message);
  }
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void flush_stdout(const std::string& what) {
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    throw Fatal("writing the " + what + " to standard output failed");
  }
}

} // namespace alignctl
