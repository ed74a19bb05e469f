// 第四条: a first-grader must be 6 on or before 31 August of the intake year; younger only with
// the approval of the competent education authority, and a delay to 7 with the approval of the
// county (县级以上). Approvals are recorded rows; the registration looks them up.
#pragma once
#include <string>

#include "xueji/date.hpp"

namespace xueji {

// Command (member of xueji::Command), by a county, city or province.
struct ApproveAgeException {
  std::string approval_id;  // client-generated UUID
  std::string id_number;    // the child's document number
  std::string kind;         // "early" (under 6) or "delayed" (7 or older)
  int intake_year = 0;      // the autumn intake the approval is for
  std::string reason;
  std::string document_type = "resident_id";
};

// Autumn intake (第四条): an enrollment from July on (summer registration included) belongs to
// that year's intake, one in January–June to the previous autumn's (a late first-grader joins the
// class that began then).
int intake_year(const Date& enrollment_date);

struct AgeApproval {
  std::string approval_id;
  std::string kind;
  int intake_year = 0;
  std::string approver_unit;
};

}  // namespace xueji
