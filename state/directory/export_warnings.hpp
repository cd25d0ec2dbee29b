// Signs of a misconfigured export that still gives a well-formed file: a
// mapped attribute that no member has, users left without an email (which
// Jira Align refuses at apply). Export prints them, or refuses by policy.
#pragma once

#include "state/directory/directory_config.hpp"
#include "state/directory/directory_reader.hpp"
#include "state/model/desired_state.hpp"

#include <string>
#include <vector>

namespace alignctl {

// One warning per explicitly mapped field (but those in `skip`) whose
// attribute no member entry has a value for, saying what every user gets
// instead. None when there are no members.
std::vector<std::string> unseen_attribute_warnings(const std::vector<MemberEntry>& members,
                                                   const DirectoryConfig& config,
                                                   const std::vector<std::string>& skip = {});

// The users of `state` with an empty email, by key ("jdoe", or "jdoe (line 7)"
// for file sources), in file order. None when the key is the email (an empty
// key already fails the export).
std::vector<std::string> users_without_email(const DesiredState& state);

// "3 users have no email (attribute 'mail'): a, b, c — …": names at most
// `cap` users, says what apply would do and how to proceed.
std::string missing_email_message(const std::vector<std::string>& users,
                                  const DirectoryConfig& config, std::size_t cap = 20);

} // namespace alignctl
