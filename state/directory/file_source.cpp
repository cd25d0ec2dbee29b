#include "state/directory/file_source.hpp"

#include "state/directory/csv_reader.hpp"
#include "state/directory/dn.hpp"
#include "state/directory/ldif_reader.hpp"
#include "state/util/bounded_read.hpp"
#include "state/util/input_limits.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <fmt/format.h>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

namespace alignctl {
namespace {

// The column Export-JiraAlignGroup.ps1 writes.
constexpr const char* k_default_groups_column = "group";

// The file at `path` (`what`: "CSV file", "LDIF file"; at most
// k_max_directory_file_bytes) parsed by `parse`.
template <class Parse>
auto read_parsed(const std::string& path, const std::string& what, Parse parse)
    -> decltype(parse(std::string_view(), path)) {
  auto text = read_file_bounded(path, k_max_directory_file_bytes, what);
  if (!text) {
    return text.error();
  }
  return parse(*text, path);
}

std::vector<std::string> configured_group_names(const DirectoryConfig& config) {
  std::vector<std::string> names;
  for (const std::string& g : config.groups) {
    names.push_back(g.find('=') != std::string::npos ? dn_leaf_value(g) : g);
  }
  return names;
}

bool uac_disabled(const DirectoryEntry& e) {
  const std::string v = trim(e.first("userAccountControl"));
  if (v.empty()) {
    return false;
  }
  try {
    return (std::stoll(v) & 2) != 0;
  } catch (const std::exception&) {
    return false;
  }
}

} // namespace

Result<MembershipResult> read_csv_membership(const std::string& path,
                                             const DirectoryConfig& config) {
  auto table = read_parsed(path, "CSV file", parse_csv);
  if (!table) {
    return table.error();
  }
  static const std::vector<std::pair<std::string, std::string>> k_aliases = {
      {"surname", "sn"},
      {"emailaddress", "mail"},
      {"givenname", "givenName"},
      {"samaccountname", "sAMAccountName"}};
  std::unordered_map<std::string, std::size_t> column;
  for (std::size_t k = 0; k < table->header.size(); ++k) {
    column[fold_case(table->header[k])] = k;
  }
  for (const std::string& field :
       {std::string("externalId"), std::string(match_key_name(config.key))}) {
    const auto& m = config.fields.at(field);
    std::string a = fold_case(m.attribute);
    bool found = column.count(a) != 0;
    for (const auto& [alias, attr] : k_aliases) {
      found = found || (fold_case(attr) == a && column.count(alias) != 0);
    }
    if (!found && m.default_value.empty()) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}:1: no column '{}' for {} (columns: {})", path, m.attribute,
                                    field, fmt::format("{}", fmt::join(table->header, ", "))));
    }
  }
  std::vector<std::string> default_groups = configured_group_names(config);
  // The groups column: the configured one, else a column named `group` when
  // the file has one; without either every row is in the configured groups.
  std::string groups_col = fold_case(config.csv_groups_column);
  if (groups_col.empty() && column.count(k_default_groups_column) != 0) {
    groups_col = k_default_groups_column;
  }
  if (!groups_col.empty() && column.count(groups_col) == 0) {
    return make_error(
        ErrorKind::Input,
        fmt::format("{}:1: no column '{}' (directory.csv_groups_column; columns: {}): name the "
                    "column that lists each row's groups, or remove csv_groups_column to record "
                    "the --group names for every row",
                    path, config.csv_groups_column,
                    fmt::format("{}", fmt::join(table->header, ", "))));
  }
  if (groups_col.empty() && default_groups.empty()) {
    return make_error(ErrorKind::Config,
                      fmt::format("{}: no '{}' column and no group names: give --group NAME (or "
                                  "directory.groups) to record for every row, or name the column "
                                  "that lists each row's groups in directory.csv_groups_column",
                                  path, k_default_groups_column));
  }
  const std::string enabled_col = fold_case(config.csv_enabled_column);
  MembershipResult result;
  std::size_t disabled = 0;
  for (const CsvRow& row : table->rows) {
    DirectoryEntry e;
    e.line = row.line;
    for (std::size_t k = 0; k < row.fields.size(); ++k) {
      e.add(table->header[k], row.fields[k]);
    }
    for (const auto& [alias, attr] : k_aliases) {
      if (e.has(alias) && !e.has(attr)) {
        e.add(attr, e.first(alias));
      }
    }
    if (!enabled_col.empty() && e.has(enabled_col) &&
        fold_case(trim(e.first(enabled_col))) == "false") {
      ++disabled;
      continue;
    }
    std::vector<std::string> groups;
    if (!groups_col.empty()) {
      std::stringstream ss(e.first(groups_col));
      std::string g;
      while (std::getline(ss, g, ';')) {
        g = trim(g);
        if (!g.empty()) {
          groups.push_back(g);
        }
      }
      if (groups.empty()) {
        continue; // a row in no group grants nothing
      }
    } else {
      groups = default_groups;
    }
    result.members.push_back(MemberEntry{std::move(e), std::move(groups)});
  }
  if (disabled > 0) {
    result.notes.push_back(
        fmt::format("{} disabled rows left out ({} = False)", disabled, config.csv_enabled_column));
  }
  return result;
}

Result<MembershipResult> read_ldif_membership(const std::string& path,
                                              const DirectoryConfig& config) {
  auto entries = read_parsed(path, "LDIF file", parse_ldif);
  if (!entries) {
    return entries.error();
  }
  // The disabled rule: AD's bit, or a simple (attr=value) filter.
  std::string dis_attr;
  std::string dis_value;
  const std::string& df = config.disabled_filter;
  const bool uac_rule = df.find("1.2.840.113556.1.4.803:=2") != std::string::npos;
  if (!df.empty() && df != "none" && !uac_rule) {
    std::size_t eq = df.find('=');
    if (df.size() < 5 || df.front() != '(' || df.back() != ')' || eq == std::string::npos ||
        df.find_first_of("()&|!*", 1) != df.size() - 1) {
      return make_error(
          ErrorKind::Config,
          fmt::format("an LDIF source understands disabled_filter '(attribute=value)' "
                      "or the userAccountControl bit rule, not '{}'",
                      df));
    }
    dis_attr = df.substr(1, eq - 1);
    dis_value = df.substr(eq + 1, df.size() - eq - 2);
  }
  auto is_disabled = [&](const DirectoryEntry& e) {
    if (uac_rule || config.type == DirectoryType::ActiveDirectory) {
      if (uac_disabled(e)) {
        return true;
      }
    }
    if (!dis_attr.empty()) {
      for (const std::string& v : e.values(dis_attr)) {
        if (fold_case(trim(v)) == fold_case(dis_value)) {
          return true;
        }
      }
    }
    return false;
  };
  auto is_group = [](const DirectoryEntry& e) {
    for (const std::string& oc : e.values("objectClass")) {
      std::string l = fold_case(trim(oc));
      if (l == "group" || l == "groupofnames" || l == "groupofuniquenames") {
        return true;
      }
    }
    return false;
  };
  std::unordered_map<std::string, std::size_t> by_dn;
  for (std::size_t k = 0; k < entries->size(); ++k) {
    by_dn[normalize_dn((*entries)[k].dn)] = k;
  }
  MembershipResult result;
  std::unordered_map<std::string, std::size_t> member_index;
  std::size_t disabled = 0;
  std::set<std::string> counted_disabled;
  for (const std::string& configured : config.groups) {
    std::size_t group_index = entries->size();
    if (configured.find('=') != std::string::npos) {
      auto it = by_dn.find(normalize_dn(configured));
      if (it != by_dn.end()) {
        group_index = it->second;
      }
    } else {
      for (std::size_t k = 0; k < entries->size(); ++k) {
        const auto& e = (*entries)[k];
        if (is_group(e) && trim(e.first("cn")) == configured) {
          group_index = k;
          break;
        }
      }
    }
    if (group_index == entries->size()) {
      return make_error(
          ErrorKind::Input,
          fmt::format("{}: the configured group '{}' is not in the file", path, configured));
    }
    const DirectoryEntry& group = (*entries)[group_index];
    std::string name = trim(group.first("cn"));
    if (name.empty()) {
      name = dn_leaf_value(group.dn);
    }
    std::vector<std::string> path_stack;
    std::set<std::string> done;
    std::size_t found = 0;
    std::optional<Error> too_deep;
    std::function<void(std::size_t)> visit = [&](std::size_t gi) {
      const DirectoryEntry& g = (*entries)[gi];
      const std::string n = normalize_dn(g.dn);
      if (std::find(path_stack.begin(), path_stack.end(), n) != path_stack.end()) {
        result.notes.push_back(fmt::format("group cycle ignored at {}", g.dn));
        return;
      }
      if (!done.insert(n).second) {
        return;
      }
      if (path_stack.size() >= k_max_group_nesting) {
        // Recursion this deep is no real directory, and would exhaust the stack.
        too_deep =
            make_error(ErrorKind::Input, fmt::format("{}: groups nested more than {} deep (at {})",
                                                     path, k_max_group_nesting, g.dn));
        return;
      }
      path_stack.push_back(n);
      for (const std::string& m : g.values("member")) {
        const std::string nm = normalize_dn(m);
        auto it = by_dn.find(nm);
        if (it == by_dn.end()) {
          result.notes.push_back(
              fmt::format("{}: member '{}' of '{}' is not in the file", path, m, g.dn));
          continue;
        }
        const DirectoryEntry& me = (*entries)[it->second];
        if (is_group(me)) {
          visit(it->second);
          if (too_deep) {
            return;
          }
          continue;
        }
        if (is_disabled(me)) {
          if (counted_disabled.insert(nm).second) {
            ++disabled;
          }
          continue;
        }
        ++found;
        auto [mi, inserted] = member_index.emplace(nm, result.members.size());
        if (inserted) {
          result.members.push_back(MemberEntry{me, {name}});
        } else {
          auto& gs = result.members[mi->second].groups;
          if (std::find(gs.begin(), gs.end(), name) == gs.end()) {
            gs.push_back(name);
          }
        }
      }
      path_stack.pop_back();
    };
    visit(group_index);
    if (too_deep) {
      return *too_deep;
    }
    if (found == 0) {
      result.warnings.push_back(
          empty_group_warning(configured, config.type == DirectoryType::ActiveDirectory));
    }
  }
  if (disabled > 0) {
    result.notes.push_back(fmt::format("{} disabled accounts left out", disabled));
  }
  return result;
}

} // namespace alignctl
