#include "planner/doctor/match_findings.hpp"

#include "planner/external_id_shape.hpp"
#include "planner/text_util.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

constexpr ExternalIdShape k_shapes[] = {ExternalIdShape::AtlassianAccountId, ExternalIdShape::Email,
                                        ExternalIdShape::AccountName};

// "Few": under a tenth of the desired users.
bool few(std::size_t part, std::size_t whole) {
  return part * 10 < whole;
}

} // namespace

Finding external_id_shape_finding(const std::vector<LiveUser>& live, const Policy& policy) {
  const ShapeCounts c = count_live_external_id_shapes(live);
  std::string found;
  for (ExternalIdShape s : k_shapes) {
    found += fmt::format("{}{} {} ({})", found.empty() ? "" : ", ", c.count(s),
                         external_id_shape_name(s), percent_text(c.count(s), c.non_empty()));
  }
  found = fmt::format("of {} live externalIds: {}", c.non_empty(), found);
  const bool foreign = c.count(ExternalIdShape::AtlassianAccountId) * 2 > c.non_empty();
  Finding f{"external-id-shapes", Verdict::Ok,
            "externalId holds the directory's account name (SAML sites), as the seed assumes",
            found, ""};
  if (foreign) {
    f.verdict = Verdict::Note;
    f.found += " — most are Atlassian account IDs: this site is on Atlassian Guard";
    if (policy.match_key != MatchKey::Email) {
      f.fix = "match by email: `match: {key: email}` (doctor --desired counts the matches)";
    }
  }
  return f;
}

Finding match_finding(const DesiredState& desired, const std::vector<LiveUser>& live,
                      const Policy& policy) {
  const KeyMatchCounts m = count_key_matches(desired, live);
  const bool by_email = policy.match_key == MatchKey::Email;
  const std::size_t matched = by_email ? m.by_email : m.by_external_id;
  const std::size_t other = by_email ? m.by_external_id : m.by_email;
  const std::string other_key = by_email ? "externalId" : "email";
  Finding f{"match", Verdict::Ok,
            "desired users are found among the live users by match.key (" +
                match_key_name(policy.match_key) + ")",
            fmt::format("{} of the {} desired users match a live user by {}; by {}: {}", matched,
                        m.desired, policy.match_key, other_key, other),
            ""};
  if (account_id_guard(desired, live, policy)) {
    f.verdict = Verdict::Block;
    f.found += " — the live externalIds are not directory account names (Atlassian account "
               "IDs or emails) while the desired keys are: plan refuses this configuration";
    f.fix = fmt::format("set `match: {{key: email}}` in {} ({} of {} would match)", policy.file,
                        m.by_email, m.desired);
  } else if (m.desired > 0 && few(matched, m.desired) && !few(other, m.desired)) {
    f.verdict = Verdict::Block;
    f.found += fmt::format(" — almost nobody matches by {}: plan would create the {} others a "
                           "second time and deactivate the live accounts",
                           policy.match_key, m.desired - matched);
    f.fix = fmt::format("set `match: {{key: {}}}` in {} ({} of {} would match)", other_key,
                        policy.file, other, m.desired);
  } else if (matched < m.desired) {
    f.verdict = Verdict::Note;
    f.found += fmt::format(
        " — the {} others would be created{}", m.desired - matched,
        by_email ? "" : " (or linked, when a live account without externalId has their email)");
  }
  return f;
}

} // namespace alignctl
