// The archive commands (第六条, 第九条) and the attachment reference they carry. Kept apart from
// archive.hpp so that commands.hpp needs no storage headers.
#pragma once
#include <cstdint>
#include <string>

namespace xueji {

// Reference to a scanned file in the content-addressed attachment store. The bytes travel with
// sync; the core keeps only this metadata, one row per distinct hash.
struct AttachmentRef {
  std::string content_hash;  // SHA-256, 64 lowercase hex characters
  std::int64_t byte_size = 0;
  std::string media_type;     // image/jpeg, image/png or application/pdf
  std::string original_name;  // file name as uploaded (informational)
};

// Commands (members of xueji::Command).
struct AddArchiveEntry {
  std::string entry_id;  // client-generated UUID
  std::string student_id;
  std::string kind;         // archive_kind_name(), never "basic_info"
  std::string title;        // e.g. "2026年县中小学生运动会跳绳一等奖"
  std::string occurred_on;  // YYYY-MM-DD of the award, test, aid…; may be empty
  std::string note;
  AttachmentRef attachment;  // content_hash empty: no attachment
};

// 第九条 paper archive: items (一)(二)(三)(五).
struct RecordPaperArchiveCheck {
  std::string student_id;
  std::string item;  // basic_info, proofs, quality_reports, awards
  bool present = true;
  std::string note;
};

}  // namespace xueji
