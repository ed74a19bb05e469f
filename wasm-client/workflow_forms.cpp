// The catalogue of workflow forms (labels in zh-CN and English beside each field, as in
// strings.cpp; make-font.sh reads this file too so every label is in the base font).
#include "workflow_forms.hpp"

namespace xueji::client {
namespace {

const char* pick(Lang lang, const char* zh, const char* en) {
  return lang == Lang::En ? en : zh;
}

const std::vector<Choice> kSuspensionReasons{
    {"illness", "因病休学", "Illness"},
    {"long_leave", "请假超过学期三分之一", "Leave over a third of the term"},
    {"other", "其他特殊原因", "Other"},
};

const std::vector<Choice> kTransferReasons{
    {"hukou_move", "监护人户籍迁移", "Guardian's hukou moved"},
    {"guardian_posted_away", "监护人因公外派，投靠亲属", "Guardian posted away"},
    {"migrant_residence_move", "流动人口居住地迁移", "Migrant family moved"},
    {"migrant_worker_child", "进城务工人员随迁子女", "Migrant worker's child"},
};

const std::vector<Choice> kCorrectableFields{
    {"name", "姓名", "Name"},
    {"ethnicity", "民族", "Ethnicity"},
    {"hukou_division", "户籍所在地", "Hukou division"},
    {"hukou_address", "户籍地址", "Hukou address"},
    {"id_number", "身份证号", "ID number"},
};

const ProofSlot kGuardianApplication{"guardian_application", "监护人申请书",
                                     "Guardian's application"};

}  // namespace

const std::vector<WorkflowForm>& school_workflow_forms() {
  static const std::vector<WorkflowForm> kForms{
      {WorkflowKind::Suspension,
       "休学",
       "Suspension",
       {{"reason", "休学原因", "Reason", "", kSuspensionReasons},
        {"until", "休学至", "Until", "YYYY-MM-DD", {}}},
       {kGuardianApplication,
        {"hospital_certificate", "县级以上医院诊断证明", "Hospital certificate"},
        {"supporting_document", "其他证明材料", "Supporting document"}}},
      {WorkflowKind::SuspensionExtension,
       "延长休学",
       "Extend suspension",
       {{"until", "延长至", "Until", "YYYY-MM-DD", {}}},
       {kGuardianApplication}},
      {WorkflowKind::Resumption,
       "复学",
       "Resumption",
       {{"placement_grade", "编入年级", "Placement grade", "1-9", {}}},
       {kGuardianApplication, {"recovery_certificate", "康复证明", "Recovery certificate"}}},
      {WorkflowKind::InfoCorrection,
       "信息变更",
       "Information correction",
       {{"field", "变更项目", "Field", "", kCorrectableFields},
        {"new_value", "新值", "New value", "", {}}},
       {{"household_register", "户口簿", "Household register"}}},
      {WorkflowKind::StudyAbroad,
       "出国（境）就读",
       "Study abroad",
       {{"destination", "前往国家或地区", "Destination", "", {}}},
       {{"travel_document", "护照或通行证", "Travel document"}}},
      {WorkflowKind::ReturnFromAbroad,
       "回国（境）接续学籍",
       "Return from abroad",
       {{"placement_grade", "编入年级", "Placement grade", "1-9", {}}},
       {}},
      {WorkflowKind::Dropout,
       "辍学报告",
       "Dropout report",
       {{"hukou_authority", "户籍地主管部门", "Hukou authority", "", {}},
        {"reported_to_township", "已报告乡镇政府（是/否）", "Reported to the township", "yes", {}}},
       {}},
      {WorkflowKind::GradeSkip,
       "跳级",
       "Grade skip",
       {{"to_grade", "跳至年级", "To grade", "1-9", {}}},
       {{"guardian_application", "监护人申请书", "Guardian's application"},
        {"stamped_application_image", "盖章申请表扫描件", "Stamped application scan"}}},
      {WorkflowKind::Death,
       "死亡注销",
       "Death",
       {{"date_of_death", "死亡日期", "Date of death", "YYYY-MM-DD", {}}},
       {{"death_certificate", "死亡证明", "Death certificate"}}},
      // 第十二条 (R9): the move and the registry choice (keep it here or move it with the student)
      // are recorded either way; 工读 needs the guardians' agreement.
      {WorkflowKind::SpecialPlacement,
       "特教安置",
       "Special placement",
       {{"move",
         "安置类型",
         "Move",
         "",
         {{"special_to_mainstream", "特教学校转随班就读", "Special school to mainstream class"},
          {"mainstream_to_special", "随班就读转特教学校", "Mainstream class to special school"},
          {"to_work_study", "进入工读学校", "Into a work-study school"}}},
        {"registry_choice",
         "学籍去向",
         "Registry",
         "",
         {{"keep", "保留在本校", "Stays at this school"},
          {"move", "转入新学校", "Moves to the new school"}}},
        {"target_school_code", "接收学校代码", "Receiving school code", "", {}}},
       {{"guardian_agreement", "监护人同意书（工读）", "Guardians' agreement (work-study)"}}},
      {WorkflowKind::MissingOrDetained,
       "失踪或拘留报告",
       "Missing or detained",
       {{"situation", "情况说明", "Situation", "", {}}},
       {}},
  };
  return kForms;
}

const WorkflowForm& transfer_form() {
  static const WorkflowForm kForm{WorkflowKind::Transfer,
                                  "转学（转入申请）",
                                  "Transfer (application to receive)",
                                  {{"registry_number", "学籍号", "Registry no.", "G…", {}},
                                   {"name", "姓名", "Name", "", {}},
                                   {"grade", "年级", "Grade", "1-9", {}},
                                   {"reason", "转学原因", "Reason", "", kTransferReasons},
                                   {"outside_window_reason",
                                    "非转学时段的理由（如有）",
                                    "Reason outside the transfer window",
                                    "",
                                    {}}},
                                  {{"transfer_application", "转学申请书", "Transfer application"},
                                   {"registry_certificate", "原学校学籍证明（跨省）",
                                    "Registry certificate (other province)"}}};
  return kForm;
}

const WorkflowForm* form_for(WorkflowKind kind) {
  if (kind == WorkflowKind::Transfer) return &transfer_form();
  for (const WorkflowForm& form : school_workflow_forms()) {
    if (form.kind == kind) return &form;
  }
  return nullptr;
}

const char* kind_label(WorkflowKind kind, Lang lang) {
  if (const WorkflowForm* form = form_for(kind)) return pick(lang, form->zh, form->en);
  return pick(lang, "特教安置", "Special placement");
}

const char* party_label(Party party, Lang lang) {
  switch (party) {
    case Party::School:
      return pick(lang, "学校", "School");
    case Party::Authority:
      return pick(lang, "教育行政部门", "Registry authority");
    case Party::ReceivingAuthority:
      return pick(lang, "转入地教育行政部门", "Receiving authority");
    case Party::SendingSchool:
      return pick(lang, "转出学校", "Sending school");
    case Party::SendingAuthority:
      return pick(lang, "转出地教育行政部门", "Sending authority");
  }
  return "";
}

const char* step_state_label(StepState state, Lang lang) {
  switch (state) {
    case StepState::Waiting:
      return pick(lang, "待前序", "Waiting");
    case StepState::Open:
      return pick(lang, "待审批", "Open");
    case StepState::Approved:
      return pick(lang, "已批准", "Approved");
    case StepState::Rejected:
      return pick(lang, "已退回", "Rejected");
  }
  return "";
}

const char* workflow_state_label(WorkflowState state, Lang lang) {
  switch (state) {
    case WorkflowState::Open:
      return pick(lang, "办理中", "In progress");
    case WorkflowState::Completed:
      return pick(lang, "已完成", "Completed");
    case WorkflowState::Rejected:
      return pick(lang, "未通过", "Rejected");
    case WorkflowState::Withdrawn:
      return pick(lang, "已撤回", "Withdrawn");
  }
  return "";
}

}  // namespace xueji::client
