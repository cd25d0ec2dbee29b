// Reading the history of one file through libgit2, for `plan --base`: which
// commits changed it (newest first, along first parents), and the blobs of its
// versions. Bounded: the walk stops after a given number of commits and says so.
#pragma once

#include "state/util/result.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace alignctl {

struct GitCommitInfo {
  std::string id;     // full hex id
  std::string date;   // author date, ISO 8601 UTC ("2026-01-02T03:04:05Z")
  std::string author; // author name
};

// A commit in which the file differs from the commit's first parent.
struct FileChange {
  GitCommitInfo commit;
  std::string blob_id;        // the file in this commit
  std::string parent_blob_id; // the file in its first parent; "" when absent (or a root commit)
};

struct HistoryWalk {
  std::size_t commits_walked = 0;
  // Stopped at max_commits, or at a commit whose parent is missing (a shallow
  // clone), not at the file's first commit or the root.
  bool capped = false;
};

class GitHistory {
public:
  // Opens the repository containing `repo_dir` (searching upwards, like git).
  static Result<GitHistory> open(const std::string& repo_dir);

  // The bytes of a blob; over `max_bytes` (found from the header before
  // reading) an Input error naming `what`.
  Result<std::string> read_blob(const std::string& blob_id, std::size_t max_bytes,
                                const std::string& what) const;

  // From `start_commit` (a full hex id) along first parents, newest first:
  // calls `visit` for each commit whose `path` differs from its first
  // parent's, until `visit` returns false, the file is absent, the root is
  // reached or `max_commits` commits were walked (then `capped`). In a shallow
  // clone the walk stops, `capped`, at the commit whose parent is missing.
  Result<HistoryWalk> walk_file_changes(const std::string& start_commit, const std::string& path,
                                        std::size_t max_commits,
                                        const std::function<bool(const FileChange&)>& visit) const;

  GitHistory(GitHistory&&) noexcept;
  GitHistory& operator=(GitHistory&&) noexcept;
  ~GitHistory();

private:
  struct Repo;
  explicit GitHistory(std::unique_ptr<Repo> repo);
  std::unique_ptr<Repo> m_repo;
};

} // namespace alignctl
