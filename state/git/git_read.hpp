// Reading one file as it is at a git ref (for `plan --desired git:REF:PATH`),
// through libgit2. Records the commit id so the plan's provenance says exactly
// which reviewed version it was made from.
#pragma once

#include "state/util/result.hpp"

#include <cstddef>
#include <string>

namespace alignctl {

struct GitFile {
  std::string content;   // the blob's bytes
  std::string commit_id; // full hex id of the commit REF resolved to
  std::string blob_id;   // full hex id of the file's blob
};

// Opens the repository containing `repo_dir` (searching upwards, like git),
// resolves `ref` (branch, tag, commit id, HEAD, origin/main, HEAD~1, …) to a
// commit and reads `path` (relative to the repository root) from its tree.
// Errors name what was being done, the ref or path, and quote libgit2:
// e.g. "resolving git ref 'nope' in /repo: revspec 'nope' not found (libgit2 code -3)".
// A path missing from the tree is an error of kind NotFound. A file over `max_bytes` is an Input
// error ("<what> git:REF:PATH is 600 MiB, over the limit of 512 MiB"), found from the object's
// header before it is read.
Result<GitFile> read_file_at_ref(const std::string& repo_dir, const std::string& ref,
                                 const std::string& path, std::size_t max_bytes,
                                 const std::string& what);

// The full hex id of the commit `ref` resolves to, in the repository
// containing `repo_dir`.
Result<std::string> resolve_commit_id(const std::string& repo_dir, const std::string& ref);

struct GitSpec {
  std::string ref;
  std::string path;
};

// Parses "git:REF:PATH" (REF may not contain ':'). A spec not starting with
// "git:" gives an empty GitSpec (a plain file path); a malformed "git:…" spec
// is an Input error showing the expected form.
Result<GitSpec> parse_git_spec(const std::string& spec);

} // namespace alignctl
