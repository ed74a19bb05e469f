// Code tables a registrar picks from: 民族 (GB/T 3304) and document types (第二十八条, R19).
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace xueji {

struct CodeEntry {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

// The 56 ethnic groups (codes 01–56) plus 97 其他 and 98 外国血统中国籍人士.
const std::vector<CodeEntry>& ethnic_groups();
std::optional<CodeEntry> find_ethnic_group(std::string_view code);

enum class DocumentType {
  ResidentId,                 // 居民身份证
  HkMacaoTaiwanResidence,     // 港澳台居民居住证 (ID-shaped, 81/82/83 prefix)
  HkMacaoPermit,              // 港澳居民来往内地通行证
  TaiwanPermit,               // 台湾居民来往大陆通行证
  Passport,                   // 护照 (foreign students)
  ForeignPermanentResidence,  // 外国人永久居留身份证
  None,                       // no document yet: a temporary L number until the ID arrives
};

std::string_view document_type_name(DocumentType type);  // "resident_id", ...
std::optional<DocumentType> document_type_from_name(std::string_view name);
std::string_view document_type_label(DocumentType type, bool zh);

}  // namespace xueji
