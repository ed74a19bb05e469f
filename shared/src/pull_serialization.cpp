// JSON of the pull page (docs/SYNC.md), with cereal like the rest of the protocol. A row's
// columns are a JSON object keyed by column name, so a page reads like the table it copies.
#include <cereal/archives/json.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>

#include "xueji/pull.hpp"

namespace xueji {

using cereal::make_nvp;

void save(cereal::JSONOutputArchive& ar, const PulledRow& r) {
  ar(make_nvp("table", r.table));
  ar.setNextName("values");
  ar.startNode();
  for (const auto& [column, value] : r.values) ar(make_nvp(column.c_str(), value));
  ar.finishNode();
  ar(make_nvp("nulls", r.nulls));
}

void load(cereal::JSONInputArchive& ar, PulledRow& r) {
  ar(make_nvp("table", r.table));
  ar.setNextName("values");
  ar.startNode();
  while (const char* name = ar.getNodeName()) {
    std::string column = name;
    std::string value;
    ar(value);
    r.values.emplace(std::move(column), std::move(value));
  }
  ar.finishNode();
  ar(make_nvp("nulls", r.nulls));
}

template <class Archive>
void serialize(Archive& ar, PulledChange& c) {
  ar(make_nvp("seq", c.seq), make_nvp("entity", c.entity), make_nvp("entity_id", c.entity_id),
     make_nvp("removed", c.removed), make_nvp("rows", c.rows));
}

template <class Archive>
void page_fields(Archive& ar, PullPage& p) {
  ar(make_nvp("protocol_version", p.protocol_version), make_nvp("cursor", p.cursor),
     make_nvp("next_cursor", p.next_cursor), make_nvp("has_more", p.has_more),
     make_nvp("remaining", p.remaining), make_nvp("changes", p.changes),
     make_nvp("server_hlc", p.server_hlc));
}

std::string to_json(const PulledChange& change) {
  std::ostringstream out;
  {
    cereal::JSONOutputArchive ar(out, cereal::JSONOutputArchive::Options::NoIndent());
    ar(make_nvp("change", change));
  }
  return out.str();
}

std::string to_json(const PullPage& page) {
  std::ostringstream out;
  {
    cereal::JSONOutputArchive ar(out, cereal::JSONOutputArchive::Options::NoIndent());
    page_fields(ar, const_cast<PullPage&>(page));  // cereal's save path only reads
  }
  return out.str();
}

// cereal reports malformed input by throwing; the exception never crosses this boundary.
Result<PullPage> parse_pull_page(std::string_view json) {
  try {
    std::istringstream in{std::string(json)};
    cereal::JSONInputArchive ar(in);
    PullPage page;
    page_fields(ar, page);
    return page;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::MalformedRequest, {}, e.what());
  }
}

}  // namespace xueji
