#include "planner/external_id_shape.hpp"

#include "planner/text_util.hpp"
#include "state/util/enum_names.hpp"
#include "state/util/text_scan.hpp"

#include <fmt/core.h>
#include <unordered_set>

namespace alignctl {

namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool all_hex(std::string_view s) {
  for (char c : s) {
    if (!is_hex(c)) {
      return false;
    }
  }
  return true;
}

// 8-4-4-4-12 hex digits.
bool is_uuid(std::string_view s) {
  if (s.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) {
      return false;
    }
  }
  return true;
}

bool is_account_id(std::string_view v) {
  if (v.size() == 24 && all_hex(v)) {
    return true; // legacy Atlassian account id
  }
  const std::size_t colon = v.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 10) {
    return false;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    if (v[i] < '0' || v[i] > '9') {
      return false;
    }
  }
  return is_uuid(v.substr(colon + 1));
}

bool is_email(std::string_view v) {
  const std::size_t at = v.find('@');
  if (at == std::string_view::npos || at == 0 || v.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = v.substr(at + 1);
  const std::size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
    return false;
  }
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\\' || c == '/') {
      return false;
    }
  }
  return true;
}

std::size_t index_of(ExternalIdShape shape) {
  return static_cast<std::size_t>(shape);
}

constexpr EnumName<ExternalIdShape> k_shape_names[] = {
    {ExternalIdShape::Empty, "empty"},
    {ExternalIdShape::AtlassianAccountId, "Atlassian account ID"},
    {ExternalIdShape::Email, "email"},
    {ExternalIdShape::AccountName, "account name"}};
static_assert(lists_every_value(k_shape_names, ExternalIdShape::AccountName),
              "every ExternalIdShape needs a name");

// What a value of that shape looks like, for messages.
constexpr EnumName<ExternalIdShape> k_shape_examples[] = {
    {ExternalIdShape::AtlassianAccountId, "an Atlassian account ID"},
    {ExternalIdShape::Email, "an email address"}};

const char* shape_example(ExternalIdShape shape) {
  return name_of(k_shape_examples, shape, "a directory account name").data();
}

} // namespace

const char* external_id_shape_name(ExternalIdShape shape) {
  return name_of(k_shape_names, shape, "unknown").data();
}

ExternalIdShape classify_external_id(std::string_view value) {
  if (value.empty()) {
    return ExternalIdShape::Empty;
  }
  if (is_account_id(value)) {
    return ExternalIdShape::AtlassianAccountId;
  }
  if (is_email(value)) {
    return ExternalIdShape::Email;
  }
  return ExternalIdShape::AccountName;
}

std::size_t ShapeCounts::count(ExternalIdShape shape) const {
  return by_shape[index_of(shape)];
}

double ShapeCounts::share(ExternalIdShape shape) const {
  const std::size_t n = non_empty();
  return n == 0 || shape == ExternalIdShape::Empty
             ? 0.0
             : static_cast<double>(count(shape)) / static_cast<double>(n);
}

ShapeCounts count_live_external_id_shapes(const std::vector<LiveUser>& live) {
  ShapeCounts c;
  for (const LiveUser& u : live) {
    ++c.by_shape[index_of(classify_external_id(u.external_id.value_or("")))];
    ++c.total;
  }
  return c;
}

ShapeCounts count_desired_external_id_shapes(const DesiredState& desired) {
  ShapeCounts c;
  for (const DesiredUser& u : desired.users) {
    ++c.by_shape[index_of(classify_external_id(u.external_id))];
    ++c.total;
  }
  return c;
}

KeyMatchCounts count_key_matches(const DesiredState& desired, const std::vector<LiveUser>& live) {
  std::unordered_set<std::string> external_ids;
  std::unordered_set<std::string> emails;
  for (const LiveUser& u : live) {
    if (u.external_id && !u.external_id->empty()) {
      external_ids.insert(fold_case(*u.external_id));
    }
    if (u.email && !u.email->empty()) {
      emails.insert(fold_case(*u.email));
    }
  }
  KeyMatchCounts m;
  m.desired = desired.users.size();
  for (const DesiredUser& d : desired.users) {
    m.by_external_id +=
        !d.external_id.empty() && external_ids.count(fold_case(d.external_id)) != 0 ? 1 : 0;
    m.by_email += !d.email.empty() && emails.count(fold_case(d.email)) != 0 ? 1 : 0;
  }
  return m;
}

std::optional<std::string> account_id_guard(const DesiredState& desired,
                                            const std::vector<LiveUser>& live,
                                            const Policy& policy) {
  if (policy.match_key != MatchKey::ExternalId || desired.users.empty()) {
    return std::nullopt;
  }
  const ShapeCounts lc = count_live_external_id_shapes(live);
  const std::size_t ids = lc.count(ExternalIdShape::AtlassianAccountId);
  const std::size_t mails = lc.count(ExternalIdShape::Email);
  const ExternalIdShape foreign =
      ids >= mails ? ExternalIdShape::AtlassianAccountId : ExternalIdShape::Email;
  const std::size_t live_foreign = lc.count(foreign);
  if (live_foreign == 0 || live_foreign * 2 <= lc.non_empty()) {
    return std::nullopt; // most live externalIds are not of a foreign shape
  }
  const ShapeCounts dc = count_desired_external_id_shapes(desired);
  if (dc.count(foreign) * 2 >= dc.non_empty()) {
    return std::nullopt; // the desired keys have that shape too: they can match
  }
  std::string live_sample;
  for (const LiveUser& u : live) {
    if (u.external_id && classify_external_id(*u.external_id) == foreign) {
      live_sample = *u.external_id;
      break;
    }
  }
  std::string desired_sample;
  for (const DesiredUser& d : desired.users) {
    if (!d.external_id.empty() && classify_external_id(d.external_id) != foreign) {
      desired_sample = d.external_id;
      break;
    }
  }
  const KeyMatchCounts m = count_key_matches(desired, live);
  const std::string cause =
      foreign == ExternalIdShape::AtlassianAccountId
          ? "Jira Align sites on Atlassian Guard (Atlassian accounts) fill externalId with the "
            "Atlassian account ID"
          : "this site keeps email addresses in externalId (single sign-on looking users up by "
            "email)";
  return fmt::format(
      "match.key is externalId, but {} of the {} live Jira Align users with an externalId ({}) "
      "hold {} there (like '{}'), while the desired state's keys are directory account names "
      "(like '{}'): {}. Matching by externalId finds {} of the {} desired users; plan would "
      "create the others a second time and deactivate the live users. Set 'match.key: email' in "
      "the policy ({}): by email, {} of the {} desired users match a live user. Nothing was "
      "planned",
      live_foreign, lc.non_empty(), percent_text(live_foreign, lc.non_empty()),
      shape_example(foreign), quote_prefix(live_sample, 60), quote_prefix(desired_sample, 60),
      cause, m.by_external_id, m.desired, policy.file, m.by_email, m.desired);
}

} // namespace alignctl
