#include "state/git/git_read.hpp"

#include "state/git/git_error.hpp"
#include "state/git/git_handles.hpp"
#include "state/util/text_scan.hpp"

#include <fmt/core.h>
#include <git2.h>
#include <memory>

namespace alignctl {

Result<GitSpec> parse_git_spec(const std::string& spec) {
  if (spec.rfind("git:", 0) != 0) {
    return GitSpec{};
  }
  std::string rest = spec.substr(4);
  auto colon = rest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= rest.size()) {
    return make_error(
        ErrorKind::Input,
        fmt::format("'{}' is not of the form git:REF:PATH (e.g. git:main:users.yaml)", spec));
  }
  return GitSpec{rest.substr(0, colon), rest.substr(colon + 1)};
}

Result<GitFile> read_file_at_ref(const std::string& repo_dir, const std::string& ref,
                                 const std::string& path, std::size_t max_bytes,
                                 const std::string& what) {
  GitLib lib;
  git_repository* raw_repo = nullptr;
  if (int rc = git_repository_open_ext(&raw_repo, repo_dir.c_str(), 0, nullptr); rc != 0) {
    return git_failure(fmt::format("opening the git repository containing {}", repo_dir), rc);
  }
  RepoPtr repo(raw_repo);
  const char* workdir = git_repository_workdir(raw_repo);
  std::string where = workdir != nullptr ? workdir : git_repository_path(raw_repo);
  if (where.size() > 1 && where.back() == '/') {
    where.pop_back();
  }
  git_object* raw_obj = nullptr;
  if (int rc = git_revparse_single(&raw_obj, raw_repo, ref.c_str()); rc != 0) {
    return git_failure(fmt::format("resolving git ref '{}' in {}", ref, where), rc);
  }
  ObjectPtr obj(raw_obj);
  git_object* raw_commit = nullptr;
  if (int rc = git_object_peel(&raw_commit, raw_obj, GIT_OBJECT_COMMIT); rc != 0) {
    return git_failure(fmt::format("finding the commit git ref '{}' points to in {}", ref, where),
                       rc);
  }
  CommitPtr commit(reinterpret_cast<git_commit*>(raw_commit));
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, git_commit_id(commit.get()));
  git_tree* raw_tree = nullptr;
  if (int rc = git_commit_tree(&raw_tree, commit.get()); rc != 0) {
    return git_failure(fmt::format("reading the tree of commit {} in {}", hex, where), rc);
  }
  TreePtr tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  if (int rc = git_tree_entry_bypath(&raw_entry, raw_tree, path.c_str()); rc != 0) {
    Error e = git_failure(fmt::format("finding '{}' at git ref '{}' (commit {}) in {}", path, ref,
                                      std::string(hex).substr(0, 12), where),
                          rc);
    if (rc == GIT_ENOTFOUND) {
      e.kind = ErrorKind::NotFound; // the caller may treat a missing file as empty
    }
    return e;
  }
  EntryPtr entry(raw_entry);
  if (git_tree_entry_type(raw_entry) != GIT_OBJECT_BLOB) {
    return make_error(ErrorKind::Input,
                      fmt::format("'{}' at git ref '{}' in {} is not a file", path, ref, where));
  }
  // The size from the object's header first: a blob over the limit is refused
  // before libgit2 inflates it into memory.
  git_odb* raw_odb = nullptr;
  if (int rc = git_repository_odb(&raw_odb, raw_repo); rc != 0) {
    return git_failure(fmt::format("opening the object database of {}", where), rc);
  }
  OdbPtr odb(raw_odb);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (int rc = git_odb_read_header(&size, &type, raw_odb, git_tree_entry_id(raw_entry)); rc != 0) {
    return git_failure(fmt::format("reading '{}' at git ref '{}' in {}", path, ref, where), rc);
  }
  if (size > max_bytes) {
    return make_error(ErrorKind::Input,
                      fmt::format("{} git:{}:{} is {}, over the limit of {}", what, ref, path,
                                  format_size(size), format_size(max_bytes)));
  }
  git_blob* raw_blob = nullptr;
  if (int rc = git_blob_lookup(&raw_blob, raw_repo, git_tree_entry_id(raw_entry)); rc != 0) {
    return git_failure(fmt::format("reading '{}' at git ref '{}' in {}", path, ref, where), rc);
  }
  BlobPtr blob(raw_blob);
  GitFile out;
  out.content.assign(static_cast<const char*>(git_blob_rawcontent(raw_blob)),
                     static_cast<std::size_t>(git_blob_rawsize(raw_blob)));
  out.commit_id = hex;
  char blob_hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(blob_hex, sizeof blob_hex, git_tree_entry_id(raw_entry));
  out.blob_id = blob_hex;
  return out;
}

Result<std::string> resolve_commit_id(const std::string& repo_dir, const std::string& ref) {
  GitLib lib;
  git_repository* raw_repo = nullptr;
  if (int rc = git_repository_open_ext(&raw_repo, repo_dir.c_str(), 0, nullptr); rc != 0) {
    return git_failure(fmt::format("opening the git repository containing {}", repo_dir), rc);
  }
  RepoPtr repo(raw_repo);
  git_object* raw_commit = nullptr;
  if (int rc = git_revparse_single(&raw_commit, raw_repo, (ref + "^{commit}").c_str()); rc != 0) {
    return git_failure(fmt::format("resolving git ref '{}'", ref), rc);
  }
  ObjectPtr commit(raw_commit);
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, git_object_id(raw_commit));
  return std::string(hex);
}

} // namespace alignctl
