// Committing one file with libgit2, the way `alignctl export --commit` needs:
// the commit holds the parent's tree with only that file replaced (other
// staged or unstaged changes are never swept in), goes to the current branch
// or a named one (created at HEAD when missing), and is skipped when the file
// is unchanged.
#pragma once

#include "state/util/result.hpp"

#include <optional>
#include <string>

namespace alignctl {

struct GitIdentity {
  std::string name;
  std::string email;
};

struct CommitRequest {
  std::string file_path; // the file to commit (already written), inside a work tree
  std::string branch;    // "" = the branch HEAD is on
  // When unset: GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL (GIT_COMMITTER_* for the
  // committer), else the repository's user.name/user.email.
  std::optional<GitIdentity> author;
  std::optional<GitIdentity> committer;
  std::string message;
};

struct CommitOutcome {
  bool committed = false; // false: the file in the branch tip already had these bytes
  std::string commit_id;  // hex, when committed
  std::string branch;     // the branch committed to (short name)
};

// What the commit of request.file_path will build on, found without writing
// anything (no file, branch, HEAD or index change): the branch it goes to and
// the file's bytes at that branch's tip. `export --commit` counts joins and
// leaves against this, and calls it before writing the file so a commit that
// cannot happen (no repository, a bad branch, no identity) writes nothing.
struct CommitBase {
  std::string branch;                     // short name
  std::optional<std::string> tip_content; // nullopt: the tip has no such file (or no commit yet)
};
// Errors as commit_file's.
Result<CommitBase> prepare_commit(const CommitRequest& request);

// Errors (Io): not inside a repository, the file outside the work tree, a
// named branch that exists at a different commit than HEAD and is not
// checked out, no identity, any libgit2 failure (with its message).
Result<CommitOutcome> commit_file(const CommitRequest& request);

} // namespace alignctl
