// GET /api/devices and POST /api/devices/{id}/revoke (S5): the devices the caller manages —
// a registrar its school's, an authority those inside its division — and their revocation.
#include "../src/clock.hpp"
#include "../src/device_store.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "json_body.hpp"
#include "responses.hpp"
#include "xueji/registry_store.hpp"

namespace xueji::server::http {
namespace {

void write_device(JsonOut& out, const Device& d) {
  out.w().StartObject();
  out.text("device_id", d.device_id)
      .text("account", d.account)
      .text("role", std::string(role_name(d.role)))
      .text("unit_code", d.unit_code)
      .text("first_seen", iso_utc(d.first_seen))
      .text("last_seen", iso_utc(d.last_seen))
      .flag("revoked", d.revoked_at != 0)
      .text("revoked_at", d.revoked_at ? iso_utc(d.revoked_at) : std::string())
      .text("revoked_by", d.revoked_by);
  out.w().EndObject();
}

bool manages(const Actor& actor, const Device& d) {
  return may_manage_devices_of(actor, d.role, d.unit_code, d.unit_division);
}

}  // namespace

void handle_list_devices(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto devices = ctx.db.with([&](Database& db) { return all_devices(db); });
  if (!devices) return reply_error(res, devices.error());
  JsonOut out;
  out.w().StartObject();
  out.w().Key("devices");
  out.w().StartArray();
  for (const auto& d : *devices)
    if (manages(*actor, d)) write_device(out, d);
  out.w().EndArray();
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

void handle_revoke_device(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  const std::string device_id = req.matches[1];
  const auto now = unix_now();
  auto revoked = ctx.db.with([&](Database& db) -> Result<Device> {
    auto device = find_device(db, device_id);
    if (!device) return device.error();
    if (!*device) return make_error(ErrorCode::NotFound, "device_id");
    if (!manages(*actor, **device)) {
      (void)append_audit(db, actor->account, actor->device_id, "revoke_device", device_id,
                         "out_of_scope");
      return make_error(ErrorCode::OutOfScope, "device_id");
    }
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto done = revoke_device(db, device_id, actor->account, now); !done) return done.error();
    if (auto audited =
            append_audit(db, actor->account, actor->device_id, "revoke_device", device_id, "ok");
        !audited)
      return audited.error();
    auto after = find_device(db, device_id);
    if (!after) return after.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return **after;
  });
  if (!revoked) return reply_error(res, revoked.error());
  JsonOut out;
  out.w().StartObject();
  out.w().Key("device");
  write_device(out, *revoked);
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

}  // namespace xueji::server::http
