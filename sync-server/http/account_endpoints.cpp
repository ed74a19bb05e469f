// Accounts (issue 5): the caller's own account (logout, password, second factor) and the
// accounts of the level below (create, list, disable, enable, reset). Decoding and encoding
// only; the rules are in AccountService and the core's may_manage_account.
#include "../src/account_service.hpp"
#include "../src/clock.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "json_body.hpp"
#include "responses.hpp"

namespace xueji::server::http {
namespace {

void write_account(JsonOut& out, const AccountView& a) {
  out.text("username", a.username)
      .text("role", std::string(role_name(a.role)))
      .text("unit_code", a.unit_code)
      .text("unit_name", a.unit_name)
      .text("display_name", a.display_name)
      .flag("disabled", a.disabled)
      .flag("locked", a.locked)
      .flag("password_change_required", a.password_change_required)
      .flag("totp_enrolled", a.totp_enrolled)
      .text("created_by", a.created_by)
      .text("created_at", a.created_at ? iso_utc(a.created_at) : std::string());
}

std::string account_json(const AccountView& a) {
  JsonOut out;
  out.w().StartObject();
  out.w().Key("account");
  out.w().StartObject();
  write_account(out, a);
  out.w().EndObject();
  out.w().EndObject();
  return out.str();
}

std::string issued_json(const IssuedPassword& issued) {
  JsonOut out;
  out.w().StartObject();
  out.w().Key("account");
  out.w().StartObject();
  write_account(out, issued.account);
  out.w().EndObject();
  // Shown once: the server keeps only the Argon2id hash, and the owner must change it at the
  // first login.
  out.text("initial_password", issued.initial_password);
  out.w().EndObject();
  return out.str();
}

const std::string kOk = R"({"status":"ok"})";

}  // namespace

void handle_logout(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (auto ended = ctx.auth.logout(bearer_token(req), unix_now()); !ended)
    return reply_error(res, ended.error());
  reply_json(res, 200, kOk);
}

void handle_change_password(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now(), Access::AccountSelf);
  if (!actor) return reply_error(res, actor.error());
  auto body = JsonBody::parse(req.body);
  if (!body) return reply_error(res, body.error());
  auto current = body->required_text("current_password");
  if (!current) return reply_error(res, current.error());
  auto replacement = body->required_text("new_password");
  if (!replacement) return reply_error(res, replacement.error());
  auto changed =
      ctx.accounts.change_password(*actor, *current, *replacement, unix_now(), ctx.auth.policy());
  if (!changed) return reply_error(res, changed.error());
  reply_json(res, 200, kOk);
}

void handle_totp_setup(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now(), Access::AccountSelf);
  if (!actor) return reply_error(res, actor.error());
  auto body = JsonBody::parse(req.body);
  if (!body) return reply_error(res, body.error());
  auto password = body->required_text("password");
  if (!password) return reply_error(res, password.error());
  auto enrolment = ctx.accounts.totp_setup(*actor, *password, unix_now(), ctx.auth.policy());
  if (!enrolment) return reply_error(res, enrolment.error());
  JsonOut out;
  out.w().StartObject();
  out.text("secret", enrolment->secret)
      .text("otpauth_uri", enrolment->otpauth_uri)
      .text("algorithm", "SHA1")
      .number("digits", 6)
      .number("period", 30);
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

void handle_totp_confirm(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now(), Access::AccountSelf);
  if (!actor) return reply_error(res, actor.error());
  auto body = JsonBody::parse(req.body);
  if (!body) return reply_error(res, body.error());
  auto code = body->required_text("code");
  if (!code) return reply_error(res, code.error());
  if (auto confirmed = ctx.accounts.totp_confirm(*actor, *code, unix_now()); !confirmed)
    return reply_error(res, confirmed.error());
  reply_json(res, 200, R"({"totp_enrolled":true})");
}

void handle_list_accounts(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto accounts = ctx.accounts.list(*actor, unix_now());
  if (!accounts) return reply_error(res, accounts.error());
  JsonOut out;
  out.w().StartObject();
  out.w().Key("accounts");
  out.w().StartArray();
  for (const auto& a : *accounts) {
    out.w().StartObject();
    write_account(out, a);
    out.w().EndObject();
  }
  out.w().EndArray();
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

void handle_create_account(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto body = JsonBody::parse(req.body);
  if (!body) return reply_error(res, body.error());
  NewAccount request;
  for (auto [key, target] :
       {std::pair{"username", &request.username}, std::pair{"unit_code", &request.unit_code},
        std::pair{"display_name", &request.display_name}}) {
    auto value = body->required_text(key);
    if (!value) return reply_error(res, value.error());
    *target = std::move(*value);
  }
  auto role_text = body->required_text("role");
  if (!role_text) return reply_error(res, role_text.error());
  auto role = role_from_name(*role_text);
  if (!role) return reply_error(res, role.error());
  request.role = *role;
  auto created = ctx.accounts.create(*actor, request, unix_now());
  if (!created) return reply_error(res, created.error());
  reply_json(res, 201, issued_json(*created));
}

void handle_account_action(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  const std::string username = req.matches[1];
  const std::string action = req.matches[2];
  const auto now = unix_now();
  if (action == "reset-password") {
    auto issued = ctx.accounts.reset_password(*actor, username, now);
    if (!issued) return reply_error(res, issued.error());
    return reply_json(res, 200, issued_json(*issued));
  }
  auto view = action == "reset-totp"
                  ? ctx.accounts.reset_totp(*actor, username, now)
                  : ctx.accounts.set_enabled(*actor, username, action == "enable", now);
  if (!view) return reply_error(res, view.error());
  reply_json(res, 200, account_json(*view));
}

}  // namespace xueji::server::http
