#include "in_process.hpp"

#include <charconv>

#include "xueji/server_registry.hpp"

namespace xueji::sim {
namespace {

std::int64_t query_number(const std::string& query, const std::string& name) {
  auto at = query.find(name + "=");
  if (at == std::string::npos) return 0;
  std::int64_t value = 0;
  const char* begin = query.data() + at + name.size() + 1;
  std::from_chars(begin, query.data() + query.size(), value);
  return value;
}

}  // namespace

Result<Session> InProcessServer::login(const SimAccount& account, const std::string& device_id) {
  Session session{"token-" + device_id,
                  account.username,
                  account.username,
                  std::string(role_name(account.role)),
                  account.unit_code,
                  account.unit_name,
                  device_id};
  sessions_[session.token] = Actor{account.username, account.role, account.unit_code, device_id};
  return session;
}

std::string InProcessServer::fault() {
  if (fault_per_mille <= 0 || !rng_.chance(fault_per_mille)) return {};
  static const std::vector<std::string> kKinds{"drop_before", "drop_after", "duplicate", "reorder",
                                               "truncate"};
  std::string kind = rng_.pick(kKinds);
  stats_.add("faults." + kind);
  stats_.add("faults");
  return kind;
}

Reply InProcessServer::apply_push(const Actor& actor, const std::string& body) {
  auto request = parse_push_request(body);
  if (!request) return Reply{true, 400, "{}", {}};
  ServerRegistry registry(db_);
  // The server's clock (its HLC) from the simulated day, one second per request: replayable.
  const std::int64_t now =
      (static_cast<std::int64_t>(days_from_civil(today)) * 86400 + 9 * 3600 + ++requests_) * 1000;
  registry.set_clock([now] { return now; });
  PushResponse response = registry.apply_push(actor, *request, today);
  return Reply{true, 200, to_json(response), {}};
}

void InProcessServer::flush_delayed() {
  while (!delayed_.empty()) {
    size_t i = static_cast<size_t>(rng_.below(delayed_.size()));
    auto [actor, body] = delayed_[i];
    delayed_.erase(delayed_.begin() + static_cast<long>(i));
    (void)apply_push(actor, body);
  }
}

Reply InProcessServer::push(const std::string& token, const std::string& body) {
  auto session = sessions_.find(token);
  if (session == sessions_.end()) return Reply{true, 401, "{}", {}};
  const Actor& actor = session->second;
  // A request held back earlier may arrive now, after newer ones (reordering).
  if (!delayed_.empty() && rng_.chance(300)) {
    size_t i = static_cast<size_t>(rng_.below(delayed_.size()));
    auto [late_actor, late_body] = delayed_[i];
    delayed_.erase(delayed_.begin() + static_cast<long>(i));
    (void)apply_push(late_actor, late_body);
  }
  const std::string kind = fault();
  if (kind == "drop_before") return Reply{false, 0, {}, "connection lost before the server"};
  Reply reply = apply_push(actor, body);
  if (kind == "drop_after") return Reply{false, 0, {}, "connection lost after the server applied"};
  if (kind == "duplicate") reply = apply_push(actor, body);
  if (kind == "reorder") delayed_.emplace_back(actor, body);  // a copy arrives again later
  if (kind == "truncate") reply.body.resize(reply.body.size() / 2);
  return reply;
}

Reply InProcessServer::pull(const std::string& token, const std::string& query) {
  auto session = sessions_.find(token);
  if (session == sessions_.end()) return Reply{true, 401, "{}", {}};
  const std::string kind = fault();
  if (kind == "drop_before") return Reply{false, 0, {}, "connection lost"};
  auto& served = served_[token];
  // An old page again (a proxy's cache, a retried request answered late): the device must
  // ignore it or refuse it, never go back.
  if ((kind == "duplicate" || kind == "reorder") && !served.empty())
    return Reply{true, 200, served[static_cast<size_t>(rng_.below(served.size()))], {}};
  auto page = ServerRegistry(db_).pull(session->second, query_number(query, "cursor"),
                                       static_cast<std::size_t>(query_number(query, "max_bytes")));
  if (!page) return Reply{true, 500, "{}", {}};
  Reply reply{true, 200, to_json(*page), {}};
  served.push_back(reply.body);
  if (served.size() > 8) served.erase(served.begin());
  if (kind == "drop_after") return Reply{false, 0, {}, "connection lost during the answer"};
  if (kind == "truncate") reply.body.resize(reply.body.size() / 2);
  return reply;
}

}  // namespace xueji::sim
