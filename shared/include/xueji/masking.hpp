// Masked display of personal data for the public registry query (学籍查询, R21) and anywhere a
// person outside the record's scope may see that a registry exists (第二十四条: no disclosure).
#pragma once
#include <string>
#include <string_view>

namespace xueji {

// "张三" → "张*", "欧阳娜娜" → "欧**娜", "李" → "*". Counts Unicode code points, so rare
// characters outside the BMP (𠈌) count as one.
std::string mask_name(std::string_view name);
// "G410105201903050012" → "G4101**********0012"; "410105201903050012" → "4101**********0012":
// the province and city part and the last four characters stay visible.
std::string mask_registry_number(std::string_view number);
std::string mask_id_number(std::string_view number);

}  // namespace xueji
