#include "tests/sim/core/tenant_generator.hpp"

#include "tests/sim/core/user.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace alignctl::sim {

namespace {

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
  template <class T> void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      std::swap(v[i - 1], v[below(i)]);
    }
  }
};

struct Name {
  std::string display;
  std::string ascii; // for externalId and email
};

const std::vector<Name>& first_names() {
  static const std::vector<Name> v = {
      {"Ann", "ann"},         {"Bilal", "bilal"},   {"Chen", "chen"},
      {"Dana", "dana"},       {"Elena", "elena"},   {"Farid", "farid"},
      {"Grace", "grace"},     {"Hiro", "hiro"},     {"Ines", "ines"},
      {"James", "james"},     {"Kavya", "kavya"},   {"Liam", "liam"},
      {"Maria", "maria"},     {"Noah", "noah"},     {"Olivia", "olivia"},
      {"Pedro", "pedro"},     {"Qiu", "qiu"},       {"Rosa", "rosa"},
      {"Sam", "sam"},         {"Tariq", "tariq"},   {"Uma", "uma"},
      {"Victor", "victor"},   {"Wei", "wei"},       {"Ximena", "ximena"},
      {"Yusuf", "yusuf"},     {"Zoë", "zoe"},       {"José", "jose"},
      {"Søren", "soren"},     {"Amara", "amara"},   {"Ben", "ben"},
      {"Carla", "carla"},     {"David", "david"},   {"Emma", "emma"},
      {"Felix", "felix"},     {"Gita", "gita"},     {"Hannah", "hannah"},
      {"Ivan", "ivan"},       {"Julia", "julia"},   {"Kofi", "kofi"},
      {"Lena", "lena"},       {"Mateo", "mateo"},   {"Nadia", "nadia"},
      {"Oscar", "oscar"},     {"Priya", "priya"},   {"Rafael", "rafael"},
      {"Sofia", "sofia"},     {"Tomás", "tomas"},   {"Valentina", "valentina"},
      {"William", "william"}, {"Yara", "yara"},     {"Aiko", "aiko"},
      {"Björn", "bjorn"},     {"Chloé", "chloe"},   {"Diego", "diego"},
      {"Eitan", "eitan"},     {"Fatima", "fatima"}, {"Giulia", "giulia"},
      {"Henrik", "henrik"},   {"Isabel", "isabel"}, {"Jonas", "jonas"},
  };
  return v;
}

const std::vector<Name>& last_names() {
  static const std::vector<Name> v = {
      {"Davis", "davis"},
      {"Khan", "khan"},
      {"Wang", "wang"},
      {"Smith", "smith"},
      {"Garcia", "garcia"},
      {"Müller", "muller"},
      {"O'Brien", "obrien"},
      {"Nguyen", "nguyen"},
      {"Kim", "kim"},
      {"Patel", "patel"},
      {"Rossi", "rossi"},
      {"Silva", "silva"},
      {"Tanaka", "tanaka"},
      {"Johansson", "johansson"},
      {"Novak", "novak"},
      {"Okafor", "okafor"},
      {"Haddad", "haddad"},
      {"Kowalski", "kowalski"},
      {"Fernández", "fernandez"},
      {"Ivanova", "ivanova"},
      {"Brown", "brown"},
      {"Jones", "jones"},
      {"Miller", "miller"},
      {"Wilson", "wilson"},
      {"Moore", "moore"},
      {"Taylor", "taylor"},
      {"Anderson", "anderson"},
      {"Thomas", "thomas"},
      {"Jackson", "jackson"},
      {"White", "white"},
      {"Harris", "harris"},
      {"Martin", "martin"},
      {"Thompson", "thompson"},
      {"Lopez", "lopez"},
      {"Lee", "lee"},
      {"Gonzalez", "gonzalez"},
      {"Clark", "clark"},
      {"Lewis", "lewis"},
      {"Robinson", "robinson"},
      {"Walker", "walker"},
      {"Young", "young"},
      {"Allen", "allen"},
      {"Sato", "sato"},
      {"Chen", "chen"},
      {"Singh", "singh"},
      {"Mensah", "mensah"},
      {"Costa", "costa"},
      {"Dubois", "dubois"},
      {"Larsen", "larsen"},
      {"Schmidt", "schmidt"},
      {"Yilmaz", "yilmaz"},
      {"Cohen", "cohen"},
      {"Ali", "ali"},
      {"Park", "park"},
      {"Hughes", "hughes"},
      {"Baker", "baker"},
      {"Nakamura", "nakamura"},
      {"Petrov", "petrov"},
      {"Eriksson", "eriksson"},
      {"Murphy", "murphy"},
  };
  return v;
}

const std::vector<std::string>& titles() {
  static const std::vector<std::string> v = {
      "Software Engineer", "Senior Engineer",      "Staff Engineer",     "Engineering Manager",
      "Product Manager",   "Product Owner",        "Scrum Master",       "Agile Coach",
      "QA Engineer",       "UX Designer",          "Data Analyst",       "Release Train Engineer",
      "Program Manager",   "Portfolio Manager",    "Solution Architect", "DevOps Engineer",
      "Business Analyst",  "Engineering Director", "VP Product",         "Technical Writer",
  };
  return v;
}

struct RegionInfo {
  std::int64_t id;
  const char* name;
  std::int64_t remote_city;
  std::int64_t office_city;
  const char* office_name;
  const char* time_zone;
};

const RegionInfo k_regions[] = {
    {1, "AMER", 11, 12, "New York", "America/New_York"},
    {2, "EMEA", 21, 22, "London", "Europe/London"},
    {3, "APAC", 31, 32, "Sydney", "Australia/Sydney"},
};

std::string date_from_days(std::int64_t days_since_epoch) {
  // Howard Hinnant's civil_from_days.
  std::int64_t z = days_since_epoch + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) {
    ++y;
  }
  char buf[80]; // room for any int64 fields, so -Wformat-truncation holds
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT00:00:00Z", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

constexpr std::int64_t k_day_2015_01_01 = 16436;
constexpr std::int64_t k_day_2025_12_31 = 20453;

// Hands out unique externalIds and emails across the tenant and the desired state.
class Identities {
public:
  std::string external_id(const Name& first, const Name& last) {
    std::string base = first.ascii.substr(0, 1) + last.ascii;
    int n = ++m_external[base];
    return n == 1 ? base : base + std::to_string(n);
  }
  std::string email(const Name& first, const Name& last) {
    std::string base = first.ascii + "." + last.ascii;
    int n = ++m_email[base];
    return (n == 1 ? base : base + std::to_string(n)) + "@corp.example.com";
  }

private:
  std::map<std::string, int> m_external, m_email;
};

enum class Kind { Active, Deactivated, Legacy, Connector, PreIntegration };

std::int64_t share_count(double share, std::int64_t total) {
  return std::min<std::int64_t>(total, static_cast<std::int64_t>(std::llround(share * total)));
}

ReferenceData generated_reference() {
  ReferenceData ref;
  std::vector<RefEntry> regions, cities;
  for (const auto& r : k_regions) {
    regions.push_back({r.id, r.name, {}});
    cities.push_back({r.remote_city, std::string(r.name) + " \xE2\x80\x93 Remote", r.id});
    cities.push_back({r.office_city, r.office_name, r.id});
  }
  ref.set(RefKind::Regions, regions);
  ref.set(RefKind::Cities, cities);
  ref.set(RefKind::CostCenters, {{100, "Engineering", {}},
                                 {101, "Product", {}},
                                 {102, "Sales", {}},
                                 {103, "Operations", {}},
                                 {104, "Shared Services", {}}});
  ref.set(RefKind::Divisions, {{200, "Platform", {}},
                               {201, "Applications", {}},
                               {202, "Go To Market", {}},
                               {203, "Corporate", {}}});
  return ref;
}

constexpr std::int64_t k_day_2030_01_01 = 21915;

// "712020:" and a version-4-style UUID: the shape of an Atlassian account ID.
std::string account_id(Rng& rng) {
  static const char* k_hex = "0123456789abcdef";
  std::string s = "712020:";
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      s += '-';
    }
    s += k_hex[rng.below(16)];
  }
  return s;
}

// The real-tenant variants, drawn from their own stream so that the default
// tenant (all shares 0) is byte-for-byte what it always was.
void apply_variants(const GenOptions& o, const std::vector<Kind>& kinds,
                    nlohmann::ordered_json& users, GeneratedTenant& out) {
  if (o.account_id_share <= 0 && o.lockout_share <= 0 && o.future_start_share <= 0) {
    return;
  }
  Rng vrng{o.seed * 0xD1B54A32D192ED03ULL + 11};
  const std::int64_t n = static_cast<std::int64_t>(kinds.size());
  std::vector<std::size_t> active;
  std::vector<std::size_t> keyed;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i] == Kind::Active) {
      active.push_back(i);
    }
    if (users[i].contains("externalId")) {
      keyed.push_back(i);
    }
  }
  vrng.shuffle(active);
  vrng.shuffle(keyed);
  std::size_t next = 0;
  for (; out.lockouts < share_count(o.lockout_share, n) && next < active.size(); ++next) {
    users[active[next]]["isLocked"] = 1; // locked out, still in the directory
    ++out.lockouts;
  }
  for (; out.future_starts < share_count(o.future_start_share, n) && next < active.size(); ++next) {
    users[active[next]]["userStartDate"] =
        date_from_days(k_day_2030_01_01 + static_cast<std::int64_t>(vrng.below(365)));
    ++out.future_starts;
  }
  for (std::size_t k = 0; out.account_ids < share_count(o.account_id_share, n) && k < keyed.size();
       ++k) {
    users[keyed[k]]["externalId"] = account_id(vrng);
    ++out.account_ids;
  }
}

} // namespace

GeneratedTenant generate_tenant(const GenOptions& o) {
  Rng rng{o.seed * 0x2545F4914F6CDD1DULL + 1};
  GeneratedTenant out;
  ReferenceData ref = generated_reference();
  for (RefKind kind :
       {RefKind::Regions, RefKind::Cities, RefKind::CostCenters, RefKind::Divisions}) {
    out.tenant[ref_kind_key(kind)] = ref.to_json(kind);
  }

  // Exact counts per kind, scattered over the id range.
  std::int64_t n = std::max<std::int64_t>(0, o.users);
  std::vector<Kind> kinds;
  auto add = [&](Kind k, std::int64_t count) {
    for (std::int64_t i = 0; i < count && static_cast<std::int64_t>(kinds.size()) < n; ++i) {
      kinds.push_back(k);
    }
  };
  std::int64_t legacy = share_count(o.legacy_locked_share, n);
  add(Kind::Connector, share_count(o.connector_share, n));
  add(Kind::PreIntegration, share_count(o.pre_integration_share, n));
  add(Kind::Legacy, legacy);
  add(Kind::Deactivated, std::max<std::int64_t>(0, share_count(o.deactivated_share, n) - legacy));
  add(Kind::Active, n - static_cast<std::int64_t>(kinds.size()));
  rng.shuffle(kinds);

  Identities ids;
  auto users = nlohmann::ordered_json::array();
  std::vector<Person> included;        // active employees the directory has
  std::vector<std::size_t> changeable; // indexes into included: ordinary active users
  std::vector<Person> deactivated_people;
  for (std::int64_t i = 0; i < n; ++i) {
    Kind kind = kinds[static_cast<std::size_t>(i)];
    const Name& first = rng.pick(first_names());
    const Name& last = rng.pick(last_names());
    const RegionInfo& region = k_regions[rng.below(3)];
    Person p{ids.external_id(first, last), first.display,      last.display,
             ids.email(first, last),       rng.pick(titles()), region.name};
    std::int64_t start = k_day_2015_01_01 +
                         static_cast<std::int64_t>(rng.below(k_day_2025_12_31 - k_day_2015_01_01));
    std::int64_t updated = start + static_cast<std::int64_t>(rng.below(400));

    nlohmann::ordered_json u;
    u["id"] = i + 1;
    if (kind != Kind::Connector && kind != Kind::PreIntegration) {
      u["externalId"] = p.external_id;
    }
    u["firstName"] = p.first_name;
    u["lastName"] = p.last_name;
    u["email"] = p.email;
    if (kind != Kind::Connector) {
      u["title"] = p.title;
      u["employeeId"] = "E" + std::to_string(100000 + i + 1);
    }
    u["isExternal"] = rng.unit() < 0.02 ? 1 : 0;
    u["isLocked"] = kind == Kind::Deactivated ? -1 : (kind == Kind::Legacy ? 1 : 0);
    double role_draw = rng.unit();
    u["roleId"] = kind == Kind::Connector ? k_connector_role_id
                  : role_draw < 0.01      ? k_admin_role_id
                                          : k_default_role_id;
    u["regionId"] = region.id;
    if (kind != Kind::Connector) {
      u["cityId"] = region.remote_city;
      u["divisionId"] = 200 + static_cast<std::int64_t>(rng.below(4));
    }
    u["costCenterId"] = 100 + static_cast<std::int64_t>(rng.below(5));
    u["userStartDate"] = date_from_days(start);
    if (kind == Kind::Deactivated) {
      u["userEndDate"] = date_from_days(updated);
    }
    u["createDate"] = date_from_days(start);
    u["lastUpdatedDate"] = date_from_days(updated);
    if (kind != Kind::Connector) {
      u["company"] = "Example Corp";
      u["companyId"] = 1;
    }
    u["timeZone"] = region.time_zone;
    if (kind == Kind::Connector) {
      u["connectorId"] = 1;
    }
    if (rng.unit() < 0.1) {
      std::int64_t team = 1 + static_cast<std::int64_t>(rng.below(40));
      u["teams"] = nlohmann::ordered_json::array({{{"teamId", team},
                                                   {"teamName", "Team " + std::to_string(team)},
                                                   {"teamType", "Agile"},
                                                   {"roleId", 1},
                                                   {"roleName", "Team Member"}}});
    }
    users.push_back(std::move(u));

    switch (kind) {
    case Kind::Active:
      changeable.push_back(included.size());
      included.push_back(p);
      ++out.active;
      break;
    case Kind::PreIntegration:
      included.push_back(p); // the directory knows their externalId; the account lacks it
      ++out.active;
      ++out.pre_integration;
      break;
    case Kind::Deactivated:
      deactivated_people.push_back(p);
      ++out.deactivated;
      break;
    case Kind::Legacy:
      deactivated_people.push_back(p);
      ++out.legacy_locked;
      break;
    case Kind::Connector:
      ++out.connector;
      break;
    }
  }
  apply_variants(o, kinds, users, out);
  out.tenant["users"] = std::move(users);

  // The desired state: every included person, then the changes.
  Rng crng{o.seed * 0x9E3779B97F4A7C15ULL + 7};
  std::int64_t changes = share_count(o.change_share, n);
  std::int64_t want_added = changes * 3 / 10;
  std::int64_t want_removed = changes * 3 / 10;
  std::int64_t want_reactivated = changes / 10;
  std::int64_t want_changed = changes - want_added - want_removed - want_reactivated;
  crng.shuffle(changeable);
  std::vector<bool> removed(included.size(), false);
  std::size_t next = 0;
  for (; out.changes.removed < want_removed && next < changeable.size(); ++next) {
    removed[changeable[next]] = true;
    ++out.changes.removed;
  }
  for (; out.changes.changed < want_changed && next < changeable.size(); ++next) {
    Person& p = included[changeable[next]];
    switch (out.changes.changed % 3) {
    case 0: {
      std::string t = p.title;
      while (t == p.title) {
        t = crng.pick(titles());
      }
      p.title = t;
      break;
    }
    case 1: {
      std::string l = p.last_name;
      while (l == p.last_name) {
        l = crng.pick(last_names()).display;
      }
      p.last_name = l;
      break;
    }
    default: {
      std::string r = p.region;
      while (r == p.region) {
        r = k_regions[crng.below(3)].name;
      }
      p.region = r;
      break;
    }
    }
    ++out.changes.changed;
  }
  for (std::size_t i = 0; i < included.size(); ++i) {
    if (!removed[i]) {
      out.desired.push_back(included[i]);
    }
  }
  crng.shuffle(deactivated_people);
  for (std::size_t i = 0;
       i < deactivated_people.size() && out.changes.reactivated < want_reactivated; ++i) {
    out.desired.push_back(deactivated_people[i]);
    ++out.changes.reactivated;
  }
  for (; out.changes.added < want_added; ++out.changes.added) {
    const Name& first = crng.pick(first_names());
    const Name& last = crng.pick(last_names());
    out.desired.push_back(Person{ids.external_id(first, last), first.display, last.display,
                                 ids.email(first, last), crng.pick(titles()),
                                 k_regions[crng.below(3)].name});
  }
  std::sort(out.desired.begin(), out.desired.end(), [](const Person& a, const Person& b) {
    std::string la = to_lower(a.external_id);
    std::string lb = to_lower(b.external_id);
    return la != lb ? la < lb : a.external_id < b.external_id;
  });
  return out;
}

std::string yaml_scalar(const std::string& v) {
  static const std::set<std::string> specials = {"y",     "n",  "yes", "no",   "true",
                                                 "false", "on", "off", "null", "~"};
  bool plain = !v.empty() && v.front() != ' ' && v.back() != ' ' && v.back() != ':' &&
               specials.count(to_lower(v)) == 0 && v.find(": ") == std::string::npos &&
               v.find(" #") == std::string::npos;
  if (plain) {
    unsigned char c0 = static_cast<unsigned char>(v.front());
    plain = std::isalpha(c0) || c0 >= 0x80;
  }
  for (unsigned char c : v) {
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '{' || c == '}' || c == '[' ||
        c == ']' || c == ',' || c == '`') {
      plain = false;
    }
  }
  if (plain) {
    return v;
  }
  std::string out = "\"";
  for (unsigned char c : v) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

std::string desired_state_yaml(const std::vector<Person>& people, const std::string& source) {
  std::string out;
  out += "# alignctl desired state \xE2\x80\x94 who should have a Jira Align account.\n";
  out += "# Source: " + source + "\n";
  out += "# Written by jira-align-gen (synthetic test data).\n";
  out += "version: 1\n";
  out += people.empty() ? "users: []\n" : "users:\n";
  for (const auto& p : people) {
    out += "  - externalId: " + yaml_scalar(p.external_id) + "\n";
    out += "    firstName: " + yaml_scalar(p.first_name) + "\n";
    out += "    lastName: " + yaml_scalar(p.last_name) + "\n";
    out += "    email: " + yaml_scalar(p.email) + "\n";
    if (!p.title.empty()) {
      out += "    title: " + yaml_scalar(p.title) + "\n";
    }
    if (!p.region.empty()) {
      out += "    region: " + yaml_scalar(p.region) + "\n";
    }
    out += "    groups: [JiraAlign-Users]\n";
  }
  return out;
}

} // namespace alignctl::sim
