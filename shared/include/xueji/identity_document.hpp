// Identity documents of students (第七条 resident IDs; 第二十八条 HK/Macao/Taiwan and foreign
// students with their own document types, R19).
#pragma once
#include <string>
#include <string_view>

#include "xueji/date.hpp"
#include "xueji/reference_codes.hpp"
#include "xueji/result.hpp"

namespace xueji {

// Normalises (trim, upper-case) and checks a document number of the given type. For
// DocumentType::None the number must be empty.
Result<std::string> normalize_document_number(DocumentType type, std::string_view raw,
                                              const Date& today);

}  // namespace xueji
