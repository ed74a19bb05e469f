// rapidjson for the tests, configured as cereal configures it (throwing assertions) so this
// binary holds one consistent instantiation of rapidjson's inline functions.
#pragma once
#include <rapidjson/document.h>
#include <cereal/archives/json.hpp>

#include <string>

namespace xueji::it {

// Parses a JSON body; a parse error fails the calling test.
rapidjson::Document parse_json(const std::string& body);

}  // namespace xueji::it
