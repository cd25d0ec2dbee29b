#include "state/git/git_history.hpp"

#include "state/git/git_error.hpp"
#include "state/git/git_handles.hpp"
#include "state/util/text_scan.hpp"

#include <ctime>
#include <fmt/core.h>

namespace alignctl {

struct GitHistory::Repo {
  GitLib lib;
  RepoPtr repo;
  std::string where; // the work tree (or .git) for messages
};

namespace {

std::string oid_hex(const git_oid* oid) {
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, oid);
  return hex;
}

std::string iso_utc(git_time_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

GitCommitInfo commit_info(const git_commit* c) {
  GitCommitInfo info;
  info.id = oid_hex(git_commit_id(c));
  if (const git_signature* a = git_commit_author(c)) {
    info.date = iso_utc(a->when.time);
    info.author = a->name != nullptr ? a->name : "";
  }
  return info;
}

// The blob id of `path` in the commit's tree, "" when absent.
Result<std::string> blob_in(const git_commit* c, const std::string& path) {
  git_tree* raw_tree = nullptr;
  if (int rc = git_commit_tree(&raw_tree, c); rc != 0) {
    return git_failure(fmt::format("reading the tree of commit {}", oid_hex(git_commit_id(c))), rc);
  }
  TreePtr tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  int rc = git_tree_entry_bypath(&raw_entry, raw_tree, path.c_str());
  if (rc == GIT_ENOTFOUND) {
    return std::string();
  }
  if (rc != 0) {
    return git_failure(fmt::format("finding '{}' in commit {}", path, oid_hex(git_commit_id(c))),
                       rc);
  }
  EntryPtr entry(raw_entry);
  if (git_tree_entry_type(raw_entry) != GIT_OBJECT_BLOB) {
    return std::string();
  }
  return oid_hex(git_tree_entry_id(raw_entry));
}

} // namespace

GitHistory::GitHistory(std::unique_ptr<Repo> repo) : m_repo(std::move(repo)) {}
GitHistory::GitHistory(GitHistory&&) noexcept = default;
GitHistory& GitHistory::operator=(GitHistory&&) noexcept = default;
GitHistory::~GitHistory() = default;

Result<GitHistory> GitHistory::open(const std::string& repo_dir) {
  auto r = std::make_unique<Repo>();
  git_repository* raw = nullptr;
  if (int rc = git_repository_open_ext(&raw, repo_dir.c_str(), 0, nullptr); rc != 0) {
    return git_failure(fmt::format("opening the git repository containing {}", repo_dir), rc);
  }
  r->repo.reset(raw);
  const char* workdir = git_repository_workdir(raw);
  r->where = workdir != nullptr ? workdir : git_repository_path(raw);
  return GitHistory(std::move(r));
}

Result<std::string> GitHistory::read_blob(const std::string& blob_id, std::size_t max_bytes,
                                          const std::string& what) const {
  git_oid oid;
  if (int rc = git_oid_fromstr(&oid, blob_id.c_str()); rc != 0) {
    return git_failure(fmt::format("reading blob '{}' in {}", blob_id, m_repo->where), rc);
  }
  git_odb* raw_odb = nullptr;
  if (int rc = git_repository_odb(&raw_odb, m_repo->repo.get()); rc != 0) {
    return git_failure(fmt::format("opening the object database of {}", m_repo->where), rc);
  }
  OdbPtr odb(raw_odb);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (int rc = git_odb_read_header(&size, &type, raw_odb, &oid); rc != 0) {
    return git_failure(fmt::format("reading blob {} in {}", blob_id, m_repo->where), rc);
  }
  if (size > max_bytes) {
    return make_error(ErrorKind::Input, fmt::format("{} (blob {}) is {}, over the limit of {}",
                                                    what, blob_id.substr(0, 12), format_size(size),
                                                    format_size(max_bytes)));
  }
  git_blob* raw_blob = nullptr;
  if (int rc = git_blob_lookup(&raw_blob, m_repo->repo.get(), &oid); rc != 0) {
    return git_failure(fmt::format("reading blob {} in {}", blob_id, m_repo->where), rc);
  }
  BlobPtr blob(raw_blob);
  return std::string(static_cast<const char*>(git_blob_rawcontent(raw_blob)),
                     static_cast<std::size_t>(git_blob_rawsize(raw_blob)));
}

Result<HistoryWalk>
GitHistory::walk_file_changes(const std::string& start_commit, const std::string& path,
                              std::size_t max_commits,
                              const std::function<bool(const FileChange&)>& visit) const {
  HistoryWalk walk;
  git_oid oid;
  if (int rc = git_oid_fromstr(&oid, start_commit.c_str()); rc != 0) {
    return git_failure(fmt::format("reading commit '{}' in {}", start_commit, m_repo->where), rc);
  }
  git_commit* raw = nullptr;
  if (int rc = git_commit_lookup(&raw, m_repo->repo.get(), &oid); rc != 0) {
    return git_failure(fmt::format("reading commit {} in {}", start_commit, m_repo->where), rc);
  }
  CommitPtr current(raw);
  Result<std::string> blob = blob_in(current.get(), path);
  if (!blob) {
    return blob.error();
  }
  std::string current_blob = std::move(*blob);
  while (!current_blob.empty()) {
    if (walk.commits_walked >= max_commits) {
      walk.capped = true;
      break;
    }
    ++walk.commits_walked;
    CommitPtr parent;
    std::string parent_blob;
    if (git_commit_parentcount(current.get()) > 0) {
      git_commit* raw_parent = nullptr;
      const int prc = git_commit_parent(&raw_parent, current.get(), 0);
      if (prc == GIT_ENOTFOUND) { // a shallow clone: the history ends here, cut short
        walk.capped = true;       // its change cannot be told: no commit is named
        break;
      }
      if (int rc = prc; rc != 0) {
        return git_failure(fmt::format("reading the parent of commit {} in {}",
                                       oid_hex(git_commit_id(current.get())), m_repo->where),
                           rc);
      }
      parent.reset(raw_parent);
      Result<std::string> pb = blob_in(raw_parent, path);
      if (!pb) {
        return pb.error();
      }
      parent_blob = std::move(*pb);
    }
    if (parent_blob != current_blob &&
        !visit(FileChange{commit_info(current.get()), current_blob, parent_blob})) {
      break;
    }
    if (!parent) {
      break;
    }
    current = std::move(parent);
    current_blob = std::move(parent_blob);
  }
  return walk;
}

} // namespace alignctl
