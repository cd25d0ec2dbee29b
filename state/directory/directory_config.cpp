#include "state/directory/directory_config.hpp"

#include "state/directory/directory_entry.hpp"
#include "state/directory/ldap_filter.hpp"
#include "state/model/yaml_guard.hpp"
#include "state/util/bounded_read.hpp"
#include "state/util/input_limits.hpp"

#include <fmt/core.h>
#include <set>
#include <yaml-cpp/yaml.h>

namespace alignctl {
namespace {

Error at(const std::string& file, const YAML::Node& node, const std::string& message) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) {
    return make_error(ErrorKind::Input, fmt::format("{}: {}", file, message));
  }
  return make_error(ErrorKind::Input,
                    fmt::format("{}:{}:{}: {}", file, m.line + 1, m.column + 1, message));
}

Result<std::string> scalar(const std::string& file, const std::string& key, const YAML::Node& v) {
  if (!v.IsScalar()) {
    return at(file, v, fmt::format("'directory.{}' must be a string", key));
  }
  return v.Scalar();
}

Result<bool> boolean(const std::string& file, const std::string& key, const YAML::Node& v) {
  auto s = scalar(file, key, v);
  if (!s) {
    return s.error();
  }
  const std::string t = fold_case(*s);
  if (t == "true" || t == "yes" || t == "on") {
    return true;
  }
  if (t == "false" || t == "no" || t == "off") {
    return false;
  }
  return at(file, v, fmt::format("'directory.{}' must be true or false, not '{}'", key, *s));
}

Result<double> number(const std::string& file, const std::string& key, const YAML::Node& v,
                      double min, double max) {
  auto s = scalar(file, key, v);
  if (!s) {
    return s.error();
  }
  try {
    std::size_t used = 0;
    double d = std::stod(*s, &used);
    if (used == s->size() && d >= min && d <= max) {
      return d;
    }
  } catch (const std::exception&) {
  }
  return at(
      file, v,
      fmt::format("'directory.{}' must be a number from {} to {}, not '{}'", key, min, max, *s));
}

Result<void> parse_fields(const std::string& file, const YAML::Node& node, DirectoryConfig& c) {
  if (!node.IsMap()) {
    return at(file, node, "'directory.attributes' must be a mapping of field: attribute");
  }
  for (const auto& kv : node) {
    const std::string field = kv.first.Scalar();
    bool known = false;
    for (const auto& f : k_desired_fields) {
      known = known || f == field;
    }
    if (!known) {
      return at(file, kv.first,
                fmt::format("unknown field '{}' in 'directory.attributes' (known: externalId, "
                            "firstName, lastName, email, title, region)",
                            field));
    }
    FieldMapping m;
    m.set = true;
    if (kv.second.IsScalar()) {
      m.attribute = kv.second.Scalar();
    } else if (kv.second.IsMap()) {
      for (const auto& sub : kv.second) {
        const std::string k = sub.first.Scalar();
        if (!sub.second.IsScalar()) {
          return at(file, sub.second,
                    fmt::format("'directory.attributes.{}.{}' must be a string", field, k));
        }
        if (k == "attribute") {
          m.attribute = sub.second.Scalar();
        } else if (k == "default") {
          m.default_value = sub.second.Scalar();
        } else {
          return at(file, sub.first,
                    fmt::format("unknown key '{}' in 'directory.attributes.{}' (known: attribute, "
                                "default)",
                                k, field));
        }
      }
    } else {
      return at(file, kv.second,
                fmt::format("'directory.attributes.{}' must be an attribute name or "
                            "{{attribute, default}}",
                            field));
    }
    c.fields[field] = m;
  }
  return {};
}

} // namespace

Result<NestedMode> parse_nested_mode(const std::string& text) {
  if (text == "in-chain") {
    return NestedMode::InChain;
  }
  if (text == "recursive") {
    return NestedMode::Recursive;
  }
  if (text == "none") {
    return NestedMode::None;
  }
  return make_error(
      ErrorKind::Input,
      fmt::format("unknown nested mode '{}' (expected in-chain, recursive or none)", text));
}

Result<BindMethod> parse_bind_method(const std::string& text) {
  const std::string t = fold_case(text);
  if (t == "simple") {
    return BindMethod::Simple;
  }
  if (t == "gssapi") {
    return BindMethod::Gssapi;
  }
  if (t == "anonymous") {
    return BindMethod::Anonymous;
  }
  return make_error(
      ErrorKind::Input,
      fmt::format("unknown bind method '{}' (expected simple, gssapi or anonymous)", text));
}

Result<ReferralMode> parse_referral_mode(const std::string& text) {
  if (text == "follow") {
    return ReferralMode::Follow;
  }
  if (text == "error") {
    return ReferralMode::Error;
  }
  return make_error(ErrorKind::Input,
                    fmt::format("unknown referrals mode '{}' (expected follow or error)", text));
}

Result<DirectoryType> parse_directory_type(const std::string& text) {
  const std::string t = fold_case(text);
  if (t == "ad" || t == "active-directory") {
    return DirectoryType::ActiveDirectory;
  }
  if (t == "ldap" || t == "generic") {
    return DirectoryType::Generic;
  }
  return make_error(ErrorKind::Input,
                    fmt::format("unknown directory type '{}' (expected ad or ldap)", text));
}

Result<DirectoryConfig> load_directory_config(const std::string& path) {
  DirectoryConfig c;
  c.loaded_from = path;
  // The same guards as the policy loader (size, text, nesting, aliases): export
  // reads only this section, but from the same untrusted file.
  auto text = read_file_bounded(path, k_max_policy_bytes, "policy file");
  if (!text) {
    return text.error();
  }
  GuardedYaml loaded =
      load_guarded_yaml(*text, path, k_max_policy_bytes, "policy", "a policy nests 4 levels");
  if (const auto& d = loaded.problem) {
    std::string where = d->file;
    if (d->line > 0) {
      where += fmt::format(":{}", d->line) + (d->column > 0 ? fmt::format(":{}", d->column) : "");
    }
    return make_error(ErrorKind::Input, where + ": " + d->message);
  }
  const YAML::Node root = loaded.root;
  if (!root.IsMap() || !root["directory"]) {
    return c;
  }
  const YAML::Node d = root["directory"];
  if (!d.IsMap()) {
    return at(path, d, "'directory' must be a mapping");
  }
  try {
    for (const auto& kv : d) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      auto str = [&](std::string& out) -> Result<void> {
        auto s = scalar(path, key, v);
        if (!s) {
          return s.error();
        }
        out = *s;
        return {};
      };
      Result<void> r;
      if (key == "type") {
        std::string t;
        r = str(t);
        if (r) {
          auto ty = parse_directory_type(t);
          if (!ty) {
            return at(path, v, ty.error().message);
          }
          c.type = *ty;
        }
      } else if (key == "url") {
        r = str(c.url);
      } else if (key == "bind") {
        std::string t;
        r = str(t);
        if (r) {
          auto m = parse_bind_method(t);
          if (!m) {
            return at(path, v, m.error().message);
          }
          c.bind = *m;
        }
      } else if (key == "bind_dn") {
        r = str(c.bind_dn);
      } else if (key == "password_env") {
        r = str(c.password_env);
      } else if (key == "password_file") {
        r = str(c.password_file);
      } else if (key == "sasl_mech") {
        r = str(c.sasl_mech);
      } else if (key == "ca_file") {
        r = str(c.ca_file);
      } else if (key == "starttls") {
        auto b = boolean(path, key, v);
        if (!b) {
          return b.error();
        }
        c.starttls = *b;
      } else if (key == "tls_verify") {
        auto b = boolean(path, key, v);
        if (!b) {
          return b.error();
        }
        c.tls_verify = *b;
      } else if (key == "connect_timeout") {
        auto n = number(path, key, v, 0.1, 3600);
        if (!n) {
          return n.error();
        }
        c.connect_timeout_s = *n;
      } else if (key == "search_timeout") {
        auto n = number(path, key, v, 0.1, 86400);
        if (!n) {
          return n.error();
        }
        c.search_timeout_s = *n;
      } else if (key == "referrals") {
        std::string t;
        r = str(t);
        if (r) {
          auto m = parse_referral_mode(t);
          if (!m) {
            return at(path, v, m.error().message);
          }
          c.referrals = *m;
        }
      } else if (key == "base_dn") {
        r = str(c.base_dn);
      } else if (key == "groups") {
        if (v.IsScalar()) {
          c.groups = {v.Scalar()};
        } else if (v.IsSequence()) {
          for (const auto& g : v) {
            if (!g.IsScalar()) {
              return at(path, g, "'directory.groups' entries must be strings");
            }
            c.groups.push_back(g.Scalar());
          }
        } else {
          return at(path, v, "'directory.groups' must be a list of group DNs or names");
        }
      } else if (key == "nested") {
        std::string t;
        r = str(t);
        if (r) {
          auto m = parse_nested_mode(t);
          if (!m) {
            return at(path, v, m.error().message);
          }
          c.nested = *m;
        }
      } else if (key == "page_size") {
        auto n = number(path, key, v, 1, 1000000);
        if (!n) {
          return n.error();
        }
        c.page_size = static_cast<int>(*n);
      } else if (key == "range_size") {
        auto n = number(path, key, v, 0, 1000000);
        if (!n) {
          return n.error();
        }
        c.range_size = static_cast<int>(*n);
      } else if (key == "user_filter") {
        r = str(c.user_filter);
      } else if (key == "group_filter") {
        r = str(c.group_filter);
      } else if (key == "disabled_filter") {
        r = str(c.disabled_filter);
      } else if (key == "attributes") {
        r = parse_fields(path, v, c);
      } else if (key == "key") {
        std::string name;
        r = str(name);
        if (r) {
          auto parsed = match_key_from_name(name);
          if (!parsed) {
            return at(path, v,
                      fmt::format("'directory.key' must be externalId or email, not '{}'", name));
          }
          c.key = *parsed;
        }
      } else if (key == "lowercase_key") {
        auto b = boolean(path, key, v);
        if (!b) {
          return b.error();
        }
        c.lowercase_key = *b;
      } else if (key == "max_shrink") {
        auto n = number(path, key, v, 0, 1);
        if (!n) {
          return n.error();
        }
        c.max_shrink = *n;
      } else if (key == "missing_email") {
        std::string t;
        r = str(t);
        if (r) {
          auto m = parse_missing_email(t);
          if (!m) {
            return at(path, v, m.error().message);
          }
          c.missing_email = *m;
        }
      } else if (key == "email_fallback") {
        r = str(c.email_fallback);
      } else if (key == "csv_groups_column") {
        r = str(c.csv_groups_column);
      } else if (key == "csv_enabled_column") {
        r = str(c.csv_enabled_column);
      } else {
        return at(path, kv.first, fmt::format("unknown key '{}' in 'directory'", key));
      }
      if (!r) {
        return r.error();
      }
    }
  } catch (const YAML::Exception& e) {
    return make_error(ErrorKind::Input,
                      fmt::format("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  return c;
}

Result<void> finalize_directory_config(DirectoryConfig& c, bool need_ldap) {
  const bool ad = c.type == DirectoryType::ActiveDirectory;
  const std::string where = c.loaded_from.empty() ? "" : c.loaded_from + ": ";
  if (c.nested == NestedMode::Unset) {
    c.nested = ad ? NestedMode::InChain : NestedMode::Recursive;
  }
  if (c.referrals == ReferralMode::Unset) {
    c.referrals = ReferralMode::Follow;
  }
  if (c.bind == BindMethod::Unset) {
    c.bind = c.bind_dn.empty() ? BindMethod::Anonymous : BindMethod::Simple;
  }
  if (c.page_size == 0) {
    c.page_size = 500;
  }
  if (c.range_size < 0) {
    c.range_size = ad ? 1500 : 0;
  }
  if (c.user_filter.empty()) {
    c.user_filter =
        ad ? "(&(objectCategory=person)(objectClass=user))" : "(objectClass=inetOrgPerson)";
  }
  if (c.group_filter.empty()) {
    c.group_filter =
        ad ? "(objectClass=group)"
           : "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))";
  }
  if (c.disabled_filter.empty()) {
    c.disabled_filter = ad ? "(userAccountControl:1.2.840.113556.1.4.803:=2)" : "none";
  }
  const std::map<std::string, std::string> defaults = {
      {"externalId", ad ? "sAMAccountName" : "uid"},
      {"firstName", "givenName"},
      {"lastName", "sn"},
      {"email", "mail"},
      {"title", "title"},
      {"region", ""},
  };
  for (const auto& [field, attr] : defaults) {
    FieldMapping& m = c.fields[field];
    if (!m.set) {
      m.attribute = attr;
    }
  }
  if (c.key == MatchKey::Email && !c.lowercase_key) {
    c.lowercase_key = true; // addresses compare case-insensitively
  }
  for (const auto& [name, filter] :
       {std::pair<std::string, std::string>{"user_filter", c.user_filter},
        {"group_filter", c.group_filter}}) {
    std::string problem = check_filter_syntax(filter);
    if (!problem.empty()) {
      return make_error(ErrorKind::Config,
                        fmt::format("{}directory.{} '{}': {}", where, name, filter, problem));
    }
  }
  if (c.disabled_filter != "none") {
    std::string problem = check_filter_syntax(c.disabled_filter);
    if (!problem.empty()) {
      return make_error(ErrorKind::Config, fmt::format("{}directory.disabled_filter '{}': {}",
                                                       where, c.disabled_filter, problem));
    }
  }
  if (need_ldap) {
    if (c.url.empty()) {
      return make_error(ErrorKind::Config,
                        "no directory URL: give --url or directory.url in the policy file");
    }
    if (c.base_dn.empty()) {
      return make_error(ErrorKind::Config,
                        "no base DN: give --base-dn or directory.base_dn in the policy file");
    }
    if (c.groups.empty()) {
      return make_error(ErrorKind::Config,
                        "no groups: give --group or directory.groups in the policy file");
    }
    if (c.bind == BindMethod::Simple && c.password_env.empty() && c.password_file.empty()) {
      c.password_env = "ALIGNCTL_LDAP_PASSWORD";
    }
    if (c.starttls && c.url.rfind("ldaps://", 0) == 0) {
      return make_error(ErrorKind::Config, "starttls is for ldap:// URLs; ldaps:// is already TLS");
    }
  }
  return {};
}

Result<MissingEmail> parse_missing_email(const std::string& text) {
  if (text == "warn") {
    return MissingEmail::Warn;
  }
  if (text == "error") {
    return MissingEmail::Error;
  }
  return make_error(ErrorKind::Input,
                    fmt::format("missing_email must be warn or error, not '{}'", text));
}

} // namespace alignctl
