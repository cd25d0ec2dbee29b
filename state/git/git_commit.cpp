#include "state/git/git_commit.hpp"

#include "state/git/git_error.hpp"
#include "state/git/git_handles.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <git2.h>
#include <memory>
#include <sstream>

namespace alignctl {
namespace {

using Repo = RepoPtr;
using Ref = RefPtr;
using Index = IndexPtr;
using Commit = CommitPtr;
using Tree = TreePtr;
using Signature = SignaturePtr;
using LibGit2 = GitLib;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

Result<Signature> make_signature(git_repository* repo, const std::optional<GitIdentity>& given,
                                 const char* name_var, const char* email_var, const char* role) {
  git_signature* sig = nullptr;
  GitIdentity id;
  if (given) {
    id = *given;
  } else if (!env(name_var).empty() && !env(email_var).empty()) {
    id = GitIdentity{env(name_var), env(email_var)};
  } else {
    int rc = git_signature_default(&sig, repo);
    if (rc != 0) {
      return make_error(ErrorKind::Config,
                        fmt::format("no git {} identity: give --author-name/--author-email, set "
                                    "{} and {}, or set user.name and user.email in git config",
                                    role, name_var, email_var));
    }
    return Signature(sig);
  }
  int rc = git_signature_now(&sig, id.name.c_str(), id.email.c_str());
  if (rc != 0) {
    return git_failure(fmt::format("making the {} signature '{} <{}>'", role, id.name, id.email),
                       rc);
  }
  return Signature(sig);
}

// The repository, the file's path in it, the branch the commit goes to and
// that branch's tip, found without writing anything.
struct Target {
  Repo repo;
  std::filesystem::path file;
  std::string rel_path;
  bool unborn = false; // no commit yet on HEAD's branch
  std::string current; // the branch HEAD is on ("" when detached)
  git_oid head_oid{};  // HEAD's commit (unless unborn): the tip the commit builds on
  std::string branch;  // the branch committed to
  bool create_branch = false;
};

Result<Target> open_target(const CommitRequest& request) {
  namespace fs = std::filesystem;
  Target t;
  std::error_code ec;
  t.file = fs::weakly_canonical(fs::absolute(request.file_path), ec);
  git_repository* raw_repo = nullptr;
  int rc = git_repository_open_ext(&raw_repo, t.file.parent_path().c_str(), 0, nullptr);
  if (rc != 0) {
    return git_failure(fmt::format("opening the git repository containing {}", t.file.string()),
                       rc);
  }
  t.repo.reset(raw_repo);
  const char* workdir_c = git_repository_workdir(t.repo.get());
  if (workdir_c == nullptr) {
    return make_error(ErrorKind::Io,
                      "the repository has no work tree (bare): cannot commit a file");
  }
  const fs::path workdir = fs::weakly_canonical(fs::path(workdir_c), ec);
  const fs::path rel = t.file.lexically_relative(workdir);
  if (rel.empty() || rel.native().rfind("..", 0) == 0) {
    return make_error(ErrorKind::Io, fmt::format("{} is outside the work tree {}", t.file.string(),
                                                 workdir.string()));
  }
  t.rel_path = rel.generic_string();

  t.unborn = git_repository_head_unborn(t.repo.get()) == 1;
  if (!t.unborn) {
    git_reference* head = nullptr;
    rc = git_repository_head(&head, t.repo.get());
    if (rc != 0) {
      return git_failure("reading HEAD", rc);
    }
    Ref head_ref(head);
    if (git_reference_is_branch(head)) {
      t.current = git_reference_shorthand(head);
    }
    git_oid_cpy(&t.head_oid, git_reference_target(head));
  } else {
    git_reference* head = nullptr;
    if (git_reference_lookup(&head, t.repo.get(), "HEAD") == 0) {
      Ref head_ref(head);
      const char* target = git_reference_symbolic_target(head);
      if (target != nullptr && std::string(target).rfind("refs/heads/", 0) == 0) {
        t.current = std::string(target).substr(11);
      }
    }
  }
  t.branch = t.current;
  if (!request.branch.empty() && request.branch != t.current) {
    const std::string refname = "refs/heads/" + request.branch;
    if (git_reference_is_valid_name(refname.c_str()) != 1) {
      return make_error(ErrorKind::Config,
                        fmt::format("'{}' is not a valid branch name", request.branch));
    }
    git_reference* existing = nullptr;
    rc = git_reference_lookup(&existing, t.repo.get(), refname.c_str());
    if (rc == 0) {
      Ref existing_ref(existing);
      const git_oid* target = git_reference_target(existing);
      if (t.unborn || target == nullptr || git_oid_cmp(target, &t.head_oid) != 0) {
        return make_error(ErrorKind::Io,
                          fmt::format("branch '{}' exists at another commit than HEAD ({}): check "
                                      "it out first or choose a new branch name",
                                      request.branch, t.current.empty() ? "detached" : t.current));
      }
    } else {
      t.create_branch = !t.unborn;
    }
    t.branch = request.branch;
  }
  return t;
}

struct Signatures {
  Signature author;
  Signature committer;
};

Result<Signatures> make_signatures(git_repository* repo, const CommitRequest& request) {
  auto author =
      make_signature(repo, request.author, "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "author");
  if (!author) {
    return author.error();
  }
  std::optional<GitIdentity> committer_id = request.committer;
  if (!committer_id && request.author &&
      (env("GIT_COMMITTER_NAME").empty() || env("GIT_COMMITTER_EMAIL").empty())) {
    committer_id = request.author;
  }
  auto committer =
      make_signature(repo, committer_id, "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "committer");
  if (!committer) {
    return committer.error();
  }
  return Signatures{std::move(*author), std::move(*committer)};
}

} // namespace

Result<CommitBase> prepare_commit(const CommitRequest& request) {
  LibGit2 lib;
  auto t = open_target(request);
  if (!t) {
    return t.error();
  }
  auto sigs = make_signatures(t->repo.get(), request);
  if (!sigs) {
    return sigs.error();
  }
  CommitBase base;
  base.branch = t->branch;
  if (t->unborn) {
    return base;
  }
  git_commit* tip = nullptr;
  int rc = git_commit_lookup(&tip, t->repo.get(), &t->head_oid);
  if (rc != 0) {
    return git_failure("reading the branch tip", rc);
  }
  Commit tip_commit(tip);
  git_tree* raw_tree = nullptr;
  rc = git_commit_tree(&raw_tree, tip);
  if (rc != 0) {
    return git_failure("reading the branch tip's tree", rc);
  }
  Tree tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, raw_tree, t->rel_path.c_str()) != 0) {
    return base; // not in the tip
  }
  EntryPtr entry(raw_entry);
  if (git_tree_entry_type(raw_entry) != GIT_OBJECT_BLOB) {
    return make_error(ErrorKind::Io, fmt::format("{} is not a file at the tip of branch '{}'",
                                                 t->rel_path, t->branch));
  }
  git_blob* raw_blob = nullptr;
  rc = git_blob_lookup(&raw_blob, t->repo.get(), git_tree_entry_id(raw_entry));
  if (rc != 0) {
    return git_failure(fmt::format("reading {} at the tip of branch '{}'", t->rel_path, t->branch),
                       rc);
  }
  BlobPtr blob(raw_blob);
  base.tip_content = std::string(static_cast<const char*>(git_blob_rawcontent(raw_blob)),
                                 static_cast<std::size_t>(git_blob_rawsize(raw_blob)));
  return base;
}

Result<CommitOutcome> commit_file(const CommitRequest& request) {
  LibGit2 lib;
  auto opened = open_target(request);
  if (!opened) {
    return opened.error();
  }
  Target& t = *opened;
  // Identities first: a missing one changes nothing (no branch made, HEAD kept).
  auto sigs = make_signatures(t.repo.get(), request);
  if (!sigs) {
    return sigs.error();
  }
  int rc = 0;
  if (t.branch != t.current) {
    if (t.create_branch) {
      git_commit* head_commit = nullptr;
      rc = git_commit_lookup(&head_commit, t.repo.get(), &t.head_oid);
      if (rc != 0) {
        return git_failure("reading the HEAD commit", rc);
      }
      Commit hc(head_commit);
      git_reference* created = nullptr;
      rc = git_branch_create(&created, t.repo.get(), t.branch.c_str(), head_commit, 0);
      if (rc != 0) {
        return git_failure(fmt::format("creating branch '{}'", t.branch), rc);
      }
      git_reference_free(created);
    }
    const std::string refname = "refs/heads/" + t.branch;
    rc = git_repository_set_head(t.repo.get(), refname.c_str());
    if (rc != 0) {
      return git_failure(fmt::format("switching HEAD to branch '{}'", t.branch), rc);
    }
  }
  CommitOutcome outcome;
  outcome.branch = t.branch;
  // The new tree: the tip's tree with only our file replaced.
  std::ifstream in(t.file, std::ios::binary);
  if (!in) {
    return make_error(ErrorKind::Io, fmt::format("cannot read {} to commit it", t.file.string()));
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string content = buf.str();

  git_index* raw_index = nullptr;
  rc = git_index_new(&raw_index);
  if (rc != 0) {
    return git_failure("creating an in-memory index", rc);
  }
  Index index(raw_index);
  Commit parent;
  Tree parent_tree;
  if (!t.unborn) {
    git_commit* pc = nullptr;
    rc = git_commit_lookup(&pc, t.repo.get(), &t.head_oid);
    if (rc != 0) {
      return git_failure("reading the branch tip", rc);
    }
    parent.reset(pc);
    git_tree* pt = nullptr;
    rc = git_commit_tree(&pt, pc);
    if (rc != 0) {
      return git_failure("reading the branch tip's tree", rc);
    }
    parent_tree.reset(pt);
    rc = git_index_read_tree(index.get(), pt);
    if (rc != 0) {
      return git_failure("loading the branch tip's tree", rc);
    }
  }
  git_oid blob_oid{};
  rc = git_blob_create_from_buffer(&blob_oid, t.repo.get(), content.data(), content.size());
  if (rc != 0) {
    return git_failure(fmt::format("storing {} as a blob", t.rel_path), rc);
  }
  git_index_entry entry{};
  entry.mode = GIT_FILEMODE_BLOB;
  entry.path = t.rel_path.c_str();
  entry.file_size = static_cast<uint32_t>(content.size());
  git_oid_cpy(&entry.id, &blob_oid);
  rc = git_index_add(index.get(), &entry);
  if (rc != 0) {
    return git_failure(fmt::format("adding {} to the commit", t.rel_path), rc);
  }
  git_oid tree_oid{};
  rc = git_index_write_tree_to(&tree_oid, index.get(), t.repo.get());
  if (rc != 0) {
    return git_failure("writing the tree", rc);
  }
  if (parent_tree && git_oid_cmp(&tree_oid, git_tree_id(parent_tree.get())) == 0) {
    return outcome; // nothing changed
  }
  git_tree* new_tree = nullptr;
  rc = git_tree_lookup(&new_tree, t.repo.get(), &tree_oid);
  if (rc != 0) {
    return git_failure("reading the new tree", rc);
  }
  Tree tree(new_tree);

  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid{};
  rc = git_commit_create(&commit_oid, t.repo.get(), "HEAD", sigs->author.get(),
                         sigs->committer.get(), "UTF-8", request.message.c_str(), tree.get(),
                         parent ? 1 : 0, parents);
  if (rc != 0) {
    return git_failure(fmt::format("committing {} on branch '{}'", t.rel_path, t.branch), rc);
  }
  // Keep the real index in step so `git status` shows the file as committed.
  git_index* repo_index = nullptr;
  if (git_repository_index(&repo_index, t.repo.get()) == 0) {
    Index ri(repo_index);
    if (git_index_add_bypath(repo_index, t.rel_path.c_str()) == 0) {
      git_index_write(repo_index);
    }
  }
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &commit_oid);
  outcome.committed = true;
  outcome.commit_id = hex;
  return outcome;
}

} // namespace alignctl
