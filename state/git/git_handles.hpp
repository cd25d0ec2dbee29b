// What every libgit2 caller in state/git shares: keeping the library
// initialised for the length of a call, and unique_ptr owners for its objects.
#pragma once

#include <git2.h>
#include <memory>

namespace alignctl {

// Keeps libgit2 initialised while it lives (libgit2 counts init/shutdown).
struct GitLib {
  GitLib() { git_libgit2_init(); }
  ~GitLib() { git_libgit2_shutdown(); }
  GitLib(const GitLib&) = delete;
  GitLib& operator=(const GitLib&) = delete;
};

template <class T, void (*Free)(T*)> struct GitDeleter {
  void operator()(T* p) const {
    if (p != nullptr) {
      Free(p);
    }
  }
};
template <class T, void (*Free)(T*)> using GitOwned = std::unique_ptr<T, GitDeleter<T, Free>>;

using RepoPtr = GitOwned<git_repository, git_repository_free>;
using ObjectPtr = GitOwned<git_object, git_object_free>;
using CommitPtr = GitOwned<git_commit, git_commit_free>;
using TreePtr = GitOwned<git_tree, git_tree_free>;
using EntryPtr = GitOwned<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitOwned<git_blob, git_blob_free>;
using OdbPtr = GitOwned<git_odb, git_odb_free>;
using RefPtr = GitOwned<git_reference, git_reference_free>;
using IndexPtr = GitOwned<git_index, git_index_free>;
using SignaturePtr = GitOwned<git_signature, git_signature_free>;

} // namespace alignctl
