// Every limit alignctl puts on untrusted input, in one place (documented in
// docs/desired-state-format.md "Limits", docs/policy.md, docs/fuzzing.md).
// Each keeps a hostile or broken file from exhausting memory or time: the
// loaders refuse input beyond them with a message naming the limit.
#pragma once

#include <cstddef>

namespace alignctl {

// Whole files, refused before they are read (cmd/) and again by the loaders.
// A policy is a few KiB.
inline constexpr std::size_t k_max_policy_bytes = std::size_t{16} << 20;
// 100,000 users take about 30 MiB.
inline constexpr std::size_t k_max_desired_state_bytes = std::size_t{512} << 20;
// About 1 KiB per action: 100,000 creates take about 100 MiB.
inline constexpr std::size_t k_max_plan_file_bytes = std::size_t{512} << 20;
// CSV and LDIF exports of a directory (LDIF of AD with every attribute takes a
// few KiB per account).
inline constexpr std::size_t k_max_directory_file_bytes = std::size_t{1} << 30;

// Each value of a desired user (externalId, firstName, lastName, email,
// title, region, each group name), in characters (Unicode code points).
inline constexpr std::size_t k_max_value_chars = 255;

// A loader stops after this many problems (and says so): a file of a million
// errors would otherwise cost gigabytes of messages.
inline constexpr std::size_t k_max_diagnostics = 1000;

// Groups nested inside groups (LDIF exports); real directories nest a handful.
inline constexpr std::size_t k_max_group_nesting = 100;

// Aliases (*name) may add at most this much to the size of a policy's values:
// a few anchored region targets are fine, an alias bomb (aliases of lists of
// aliases, each multiplying the last) is refused before it is expanded.
inline constexpr std::size_t k_max_alias_expansion_bytes = std::size_t{1} << 20;

} // namespace alignctl
