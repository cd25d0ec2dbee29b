#include "state/directory/libldap_session.hpp"

#include "state/directory/libldap_support.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <vector>

namespace alignctl {
namespace {

bool same_search(const SearchRequest& a, const SearchRequest& b) {
  return a.base == b.base && a.scope == b.scope && a.filter == b.filter &&
         a.attributes == b.attributes && a.page_size == b.page_size;
}

class LibLdapSession final : public LdapSession {
public:
  LibLdapSession(LDAP* ld, std::string url, double search_timeout_s)
      : m_ld(ld), m_url(std::move(url)), m_search_timeout_s(search_timeout_s) {}
  ~LibLdapSession() override {
    abandon_read_ahead([](const ReadAhead&) { return true; });
    ldap_unbind_ext_s(m_ld, nullptr, nullptr);
  }
  LibLdapSession(const LibLdapSession&) = delete;
  LibLdapSession& operator=(const LibLdapSession&) = delete;

  std::string url() const override { return m_url; }

  Result<SearchPage> search(const SearchRequest& request, const std::string& cookie) override {
    int msgid = 0;
    auto ahead = std::find_if(m_ahead.begin(), m_ahead.end(), [&](const ReadAhead& a) {
      return same_search(a.request, request) && a.cookie == cookie;
    });
    if (ahead != m_ahead.end()) {
      msgid = ahead->msgid;
      m_ahead.erase(ahead);
    } else {
      // The same search restarted or resumed elsewhere: its read-ahead answers
      // a page nobody will ask for. Other searches' read-aheads stay: a search
      // may run between two pages of another (LDAP allows several operations
      // on one connection), and that one resumes where it was.
      abandon_read_ahead([&](const ReadAhead& a) { return same_search(a.request, request); });
      auto sent = send(request, cookie);
      if (!sent) {
        return sent.error();
      }
      msgid = *sent;
    }
    auto page = receive(msgid);
    if (page && request.page_size > 0 && page->result_code == k_ldap_success &&
        !page->cookie.empty()) {
      // A failure to send is not reported here: the next search() sends
      // again and reports it, with the page number the reader knows.
      auto next = send(request, page->cookie);
      if (next) {
        m_ahead.push_back(ReadAhead{request, page->cookie, *next});
      }
    }
    return page;
  }

private:
  struct ReadAhead {
    SearchRequest request;
    std::string cookie;
    int msgid = 0;
  };

  template <class Pred> void abandon_read_ahead(Pred pred) {
    for (auto it = m_ahead.begin(); it != m_ahead.end();) {
      if (pred(*it)) {
        ldap_abandon_ext(m_ld, it->msgid, nullptr, nullptr);
        it = m_ahead.erase(it);
      } else {
        ++it;
      }
    }
  }

  Result<int> send(const SearchRequest& request, const std::string& cookie) {
    std::vector<char*> attrs;
    for (const std::string& a : request.attributes) {
      attrs.push_back(const_cast<char*>(a.c_str()));
    }
    attrs.push_back(nullptr);

    LDAPControl* page_control = nullptr;
    LDAPControl* server_controls[2] = {nullptr, nullptr};
    if (request.page_size > 0) {
      berval c{static_cast<ber_len_t>(cookie.size()), const_cast<char*>(cookie.data())};
      int rc = ldap_create_page_control(m_ld, static_cast<ber_int_t>(request.page_size),
                                        cookie.empty() ? nullptr : &c, 0, &page_control);
      if (rc != LDAP_SUCCESS) {
        return make_error(ErrorKind::Internal, fmt::format("creating the paged-results control: {}",
                                                           ldap_message(m_ld, rc)));
      }
      server_controls[0] = page_control;
    }
    timeval timeout = to_timeval(m_search_timeout_s);
    int msgid = 0;
    int rc =
        ldap_search_ext(m_ld, request.base.c_str(), to_ldap_scope(request.scope),
                        request.filter.c_str(), request.attributes.empty() ? nullptr : attrs.data(),
                        0, server_controls, nullptr, &timeout, LDAP_NO_LIMIT, &msgid);
    if (page_control != nullptr) {
      ldap_control_free(page_control);
    }
    if (rc != LDAP_SUCCESS) {
      return make_error(kind_of(rc), ldap_message(m_ld, rc));
    }
    return msgid;
  }

  // The answer to `msgid`, one message at a time (as ldapsearch does): the
  // synchronous call chains every entry of a page before returning.
  Result<SearchPage> receive(int msgid) {
    const timeval timeout = to_timeval(m_search_timeout_s);
    SearchPage page;
    while (true) {
      LDAPMessage* msg = nullptr;
      timeval wait = timeout;
      int type = ldap_result(m_ld, msgid, LDAP_MSG_ONE, &wait, &msg);
      if (type == 0) {
        ldap_abandon_ext(m_ld, msgid, nullptr, nullptr);
        return make_error(
            ErrorKind::Transport,
            fmt::format("no answer within {} s (search_timeout)", m_search_timeout_s));
      }
      if (type < 0 || msg == nullptr) {
        int err = LDAP_OTHER;
        ldap_get_option(m_ld, LDAP_OPT_RESULT_CODE, &err);
        return make_error(kind_of(err), ldap_message(m_ld, err));
      }
      auto parsed = parse(msg, page);
      ldap_msgfree(msg);
      if (!parsed) {
        return parsed.error();
      }
      if (type == LDAP_RES_SEARCH_RESULT) {
        break;
      }
    }
    return page;
  }

  Result<void> parse(LDAPMessage* res, SearchPage& page) {
    for (LDAPMessage* msg = ldap_first_message(m_ld, res); msg != nullptr;
         msg = ldap_next_message(m_ld, msg)) {
      int type = ldap_msgtype(msg);
      if (type == LDAP_RES_SEARCH_ENTRY) {
        auto entry = parse_entry(msg);
        if (!entry) {
          return entry.error();
        }
        page.entries.push_back(std::move(*entry));
      } else if (type == LDAP_RES_SEARCH_REFERENCE) {
        auto r = parse_reference(msg, page);
        if (!r) {
          return r;
        }
      } else if (type == LDAP_RES_SEARCH_RESULT) {
        auto r = parse_result(msg, page);
        if (!r) {
          return r;
        }
      }
    }
    return {};
  }

  // The DN and attributes, decoded in place from the message's BER (as
  // ldapsearch does): values are copied once, into the entry, and no C string
  // is allocated per attribute or value.
  Result<DirectoryEntry> parse_entry(LDAPMessage* msg) {
    DirectoryEntry e;
    BerElement* ber = nullptr;
    berval dn{0, nullptr};
    int rc = ldap_get_dn_ber(m_ld, msg, &ber, &dn);
    if (rc == LDAP_SUCCESS) {
      e.dn.assign(dn.bv_val, dn.bv_len);
      berval name{0, nullptr};
      BerVarray vals = nullptr;
      while ((rc = ldap_get_attribute_ber(m_ld, msg, ber, &name, &vals)) == LDAP_SUCCESS &&
             name.bv_val != nullptr) {
        auto& slot = e.attributes[fold_case(std::string_view(name.bv_val, name.bv_len))];
        for (std::size_t i = 0; vals != nullptr && vals[i].bv_val != nullptr; ++i) {
          slot.emplace_back(vals[i].bv_val, vals[i].bv_len);
        }
        ber_memfree(vals);
        vals = nullptr;
      }
    }
    if (ber != nullptr) {
      ber_free(ber, 0);
    }
    if (rc != LDAP_SUCCESS) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("decoding a search entry{}: {}",
                                    e.dn.empty() ? "" : " '" + e.dn + "'", ldap_message(m_ld, rc)));
    }
    return e;
  }

  Result<void> parse_reference(LDAPMessage* msg, SearchPage& page) {
    char** refs = nullptr;
    int rc = ldap_parse_reference(m_ld, msg, &refs, nullptr, 0);
    if (rc != LDAP_SUCCESS) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("parsing a search reference: {}", ldap_message(m_ld, rc)));
    }
    for (int i = 0; refs != nullptr && refs[i] != nullptr; ++i) {
      page.references.emplace_back(refs[i]);
    }
    ldap_memvfree(reinterpret_cast<void**>(refs));
    return {};
  }

  Result<void> parse_result(LDAPMessage* msg, SearchPage& page) {
    int err = 0;
    char* matched = nullptr;
    char* diag = nullptr;
    char** referrals = nullptr;
    LDAPControl** controls = nullptr;
    int rc = ldap_parse_result(m_ld, msg, &err, &matched, &diag, &referrals, &controls, 0);
    if (rc != LDAP_SUCCESS) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("parsing the search result: {}", ldap_message(m_ld, rc)));
    }
    page.result_code = err;
    page.result_text = ldap_err2string(err);
    if (diag != nullptr) {
      page.diagnostic = diag;
      ldap_memfree(diag);
    }
    if (matched != nullptr) {
      page.matched_dn = matched;
      ldap_memfree(matched);
    }
    for (int i = 0; referrals != nullptr && referrals[i] != nullptr; ++i) {
      page.referrals.emplace_back(referrals[i]);
    }
    ldap_memvfree(reinterpret_cast<void**>(referrals));
    if (controls == nullptr) {
      return {};
    }
    LDAPControl* pc = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, nullptr);
    if (pc != nullptr) {
      ber_int_t estimate = 0;
      berval next{0, nullptr};
      int prc = ldap_parse_pageresponse_control(m_ld, pc, &estimate, &next);
      if (prc != LDAP_SUCCESS) {
        ldap_controls_free(controls);
        return make_error(
            ErrorKind::Protocol,
            fmt::format("parsing the paged-results response control: {}", ldap_message(m_ld, prc)));
      }
      page.paged = true;
      if (next.bv_val != nullptr) {
        page.cookie.assign(next.bv_val, next.bv_len);
        ber_memfree(next.bv_val);
      }
    }
    ldap_controls_free(controls);
    return {};
  }

  LDAP* m_ld;
  std::string m_url;
  double m_search_timeout_s;
  std::vector<ReadAhead> m_ahead; // requests sent for pages not asked for yet
};

} // namespace

std::unique_ptr<LdapSession> make_libldap_session(LDAP* ld, std::string url,
                                                  double search_timeout_s) {
  return std::make_unique<LibLdapSession>(ld, std::move(url), search_timeout_s);
}

} // namespace alignctl
