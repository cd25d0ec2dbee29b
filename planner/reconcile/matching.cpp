#include "planner/reconcile/matching.hpp"

#include "planner/reconcile/messages.hpp"
#include "planner/text_util.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace text = reconcile_text;

std::optional<std::string> live_key(const LiveUser& u, MatchKey key) {
  const std::optional<std::string>& v = key_value(u, key);
  if (!v || v->empty()) {
    return std::nullopt;
  }
  return v;
}

std::string desired_where(const DesiredState& d, const DesiredUser& u) {
  std::string src = d.source.empty() ? std::string("desired state") : d.source;
  return u.line > 0 ? fmt::format("{}:{}", src, u.line) : src;
}

Matcher::Matcher(const DesiredState& desired, const std::vector<LiveUser>& live, MatchKey key,
                 bool ignore_no_key, std::vector<std::string>& errors)
    : m_desired(desired), m_live(live), m_key(key), m_ignore_no_key(ignore_no_key) {
  std::unordered_map<std::string, std::size_t> desired_index;
  desired_index.reserve(desired.users.size());
  for (std::size_t i = 0; i < desired.users.size(); ++i) {
    const DesiredUser& u = desired.users[i];
    const std::string& value = key_value(u, key);
    if (value.empty()) {
      errors.push_back(text::empty_desired_key(desired_where(desired, u), key));
      continue;
    }
    auto [it, inserted] = desired_index.emplace(fold_case(value), i);
    if (!inserted) {
      const DesiredUser& first = desired.users[it->second];
      errors.push_back(text::duplicate_desired_key(key, key_value(first, key),
                                                   desired_where(desired, first), value,
                                                   desired_where(desired, u)));
    }
  }
  const bool by_email = key == MatchKey::Email;
  m_live_index.reserve(live.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    const LiveUser& u = live[i];
    const bool has_email = !by_email && u.email && !u.email->empty();
    if (auto value = live_key(u, key)) {
      auto [it, inserted] = m_live_index.emplace(fold_case(*value), i);
      if (!inserted) {
        const LiveUser& first = live[it->second];
        errors.push_back(
            text::duplicate_live_key(key, first.id, *live_key(first, key), u.id, *value));
      }
    } else if (has_email) {
      m_keyless_by_email[fold_case(*u.email)].push_back(i);
    }
    if (has_email) {
      m_all_by_email.emplace(fold_case(*u.email), i);
    }
  }
}

Match Matcher::match(const DesiredUser& d, std::vector<std::string>& errors) const {
  const std::string& key = key_value(d, m_key);
  if (auto it = m_live_index.find(fold_case(key)); it != m_live_index.end()) {
    return Match{it->second, false, false};
  }
  if (m_key == MatchKey::Email || d.email.empty()) {
    return {};
  }
  const std::string email = fold_case(d.email);
  if (!m_ignore_no_key) {
    if (auto c = m_keyless_by_email.find(email); c != m_keyless_by_email.end()) {
      if (c->second.size() > 1) {
        std::vector<std::int64_t> ids;
        for (std::size_t i : c->second) {
          ids.push_back(m_live[i].id);
        }
        errors.push_back(
            text::email_shared_by_keyless(key, desired_where(m_desired, d), d.email, ids));
        return Match{std::nullopt, false, true};
      }
      return Match{c->second.front(), true, false};
    }
  }
  if (auto k = m_all_by_email.find(email); k != m_all_by_email.end()) {
    const LiveUser& other = m_live[k->second];
    errors.push_back(text::email_taken(key, desired_where(m_desired, d), d.email, other.id,
                                       live_key(other, MatchKey::ExternalId)));
    return Match{std::nullopt, false, true};
  }
  return {};
}

} // namespace alignctl
