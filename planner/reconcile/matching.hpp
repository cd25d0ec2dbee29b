// Matching: which live user each desired user is (by the match key, compared
// case-insensitively; with externalId as the key, a keyless live user by its
// email — a link), and the reasons matching would be guesswork (empty or
// duplicate keys, an email several keyless users share, an email that belongs
// to a live user with another key).
#pragma once

#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"
#include "state/model/match_key.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace alignctl {

// The live user's value of the match key, or nullopt when it has none.
std::optional<std::string> live_key(const LiveUser& user, MatchKey key);

// Where a desired user is written: "users.yaml:12" (for messages).
std::string desired_where(const DesiredState& desired, const DesiredUser& user);

// The live user a desired user is paired with.
struct Match {
  std::optional<std::size_t> live; // index into the live users; none: create
  bool link = false;               // matched a keyless live user by email: link first
  bool refused = false;            // ambiguous or unsafe: an error says why
};

class Matcher {
public:
  // Indexes both sides; `errors` gets every empty desired key and every
  // duplicate key (desired or live). `ignore_no_key` is ignored.no_external_id.
  Matcher(const DesiredState& desired, const std::vector<LiveUser>& live, MatchKey key,
          bool ignore_no_key, std::vector<std::string>& errors);

  // Pairs a desired user (with a non-empty key); a refusal is added to `errors`.
  Match match(const DesiredUser& user, std::vector<std::string>& errors) const;

private:
  const DesiredState& m_desired;
  const std::vector<LiveUser>& m_live;
  const MatchKey m_key;
  const bool m_ignore_no_key;
  std::unordered_map<std::string, std::size_t> m_live_index;
  std::unordered_map<std::string, std::vector<std::size_t>> m_keyless_by_email;
  std::unordered_map<std::string, std::size_t> m_all_by_email;
};

} // namespace alignctl
