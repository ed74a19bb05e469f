// rapidjson, configured exactly as cereal configures it. cereal defines RAPIDJSON_ASSERT to
// throw, so malformed JSON becomes an exception the core turns into MALFORMED_REQUEST. A file
// that included <rapidjson/…> directly would instantiate the same inline functions with a
// plain assert(), and the linker may keep that copy for the whole program: a malformed
// request then aborts the server (seen: `Assertion IsObject() failed` on a truncated body).
// Every rapidjson user in the server and its tests includes this header instead.
#pragma once
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <cereal/archives/json.hpp>
