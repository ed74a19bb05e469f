// A day of a registrar (issue 6), the school's part: sign in online (auto sync pulls the school),
// go offline, register students (names through insertText and through IME composition, 生僻字
// included; one with a mistyped ID number that belongs to a student of another school), start a
// suspension with its proofs (file picker) and approve the school's step, apply to receive a
// transfer, reload the page offline (everything still there), come back online: auto sync, one
// rejection under 需处理 with its Chinese reason, fix it, synced again (已同步). 30 students in
// all: the six above plus 24 generated ones (valid ID numbers), typed into the register screen.
// Then a county officer in another browser profile approves the transfer (审批) and resolves the
// duplicate-registration review case side by side (冲突队列); the sending school approves its
// step; the school's next sync shows the student arrived and the case decided.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  artifacts, click, freePort, idNumber, imeCompose, login, openApp, readAccounts, screenshotNonBlank, seed,
  sleep, startServer, state, stopServer, tempDir, typeInto, waitFor, waitNoTofu, widgetRect,
} from './harness.mjs';

const dataDir = tempDir('e2e-day-data');
const profile = tempDir('e2e-day-profile');
const countyProfile = tempDir('e2e-day-county-profile');
const started = Date.now();
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrars = accounts.filter((a) => a.role === 'school_registrar');
const [registrar, other] = registrars;
const county = accounts.find((a) => a.role === 'county');
const port = await freePort();
let server = await startServer(dataDir, port);
const checks = [];
const step = (text) => {
  checks.push(text);
  console.log(`ok ${checks.length} - ${text} (${Math.round((Date.now() - started) / 1000)} s)`);
};

async function apiStudents(account) {
  const res = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password, device_id: 'e2e-day-check' }),
  });
  const { token } = await res.json();
  const list = await fetch(`${server.url}api/students`, { headers: { Authorization: `Bearer ${token}` } });
  return (await list.json()).students;
}

async function token(account) {
  const res = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password, device_id: `e2e-day-${account.username}` }),
  });
  return (await res.json()).token;
}

async function apiApprovals(account) {
  const res = await fetch(`${server.url}api/approvals`, { headers: { Authorization: `Bearer ${await token(account)}` } });
  return (await res.json()).approvals;
}

async function apiDecide(account, approval) {
  const res = await fetch(`${server.url}api/approvals/${approval.workflow_id}/${approval.position}/decide`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token(account)}` },
    body: JSON.stringify({ approve: true, comment: '同意转出' }),
  });
  return res.json();
}

// The other school's device registers, offline and later pushed, a child whose ID number one of
// this school's new students already holds (第八条 一人一籍): the server opens a review case that
// the county decides. Returns the verdict.
async function otherSchoolRegisters(name, idNumber) {
  const deviceId = `e2e-day-other-${randomUUID()}`;
  const res = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: other.username, password: other.password, device_id: deviceId }),
  });
  const { token: otherToken } = await res.json();
  const op = {
    format: 1, op_id: randomUUID(), device_id: deviceId, seq: 1, actor: other.username,
    device_time: '2026-11-28T10:00:00+0800', kind: 'register_student',
    registration: {
      student_id: randomUUID(), name, id_number: idNumber, enrollment_date: '2026-09-01', grade: 1,
      class_name: '一(1)班', document_type: 'resident_id', gender: 0, birth_date: '', serial: 0,
      ethnicity: '', nationality: 'CHN', hukou_division: '', hukou_address: '', guardians: [],
      flags: { migrant_child: false, left_behind: false, inclusive_class: false, home_delivery: false,
        disability: '', under_discipline: false },
    },
  };
  const push = await fetch(`${server.url}api/sync/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${otherToken}` },
    body: JSON.stringify({ protocol_version: 1, device_id: deviceId, ops: [op] }),
  });
  assert.equal(push.status, 200);
  return (await push.json()).verdicts[0];
}

// The other school's students: one ID number to mistype, one student to receive by transfer.
const othersStudents = await apiStudents(other);
const taken = othersStudents[0];
const moving = othersStudents.find((s) => s.status === 'in_school' && s.id_number !== taken.id_number);
assert.ok(taken && moving, 'the other school has seeded students');

const newcomers = [
  { name: '刘𠈌', id: idNumber(county.unitCode, '20200102', 301) },
  { name: '王䶮', ime: [['wang', '王'], ['yan', '䶮']], id: idNumber(county.unitCode, '20200203', 313) },
  { name: '陈堃', id: idNumber(county.unitCode, '20200304', 325) },
  { name: '周玥', id: idNumber(county.unitCode, '20200405', 337) },
  { name: '孙喆', id: taken.id_number, mistyped: idNumber(county.unitCode, '20200506', 349) },
  { name: '吴昇', id: idNumber(county.unitCode, '20200607', 351) },
];

// 24 more, generated: common names (GB 2312), birth dates for grade 1 of the 2026 intake
// (第四条: six by 31 August), valid ID numbers of the county (check digit computed).
const surnames = '李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋';
const givens = ['子涵', '欣怡', '梓萱', '浩然', '宇轩', '雨桐', '思远', '一诺'];
for (let i = 0; i < 24; ++i) {
  const month = String(1 + (i % 8)).padStart(2, '0');
  const day = String(1 + i).padStart(2, '0');
  newcomers.push({
    name: surnames[i] + givens[i % givens.length],
    id: idNumber(county.unitCode, `2020${month}${day}`, 401 + i * 2),
    quick: true,
  });
}
assert.equal(newcomers.length, 30);

async function fillRegistration(page, student, id) {
  if (student.quick) {
    // The enrollment date and class stay from the previous registration (one class at a time).
    await typeInto(page, 'register.name', student.name);
    await typeInto(page, 'register.id_number', id);
    await click(page, 'register.submit');
    return;
  }
  if (student.ime) {
    await typeInto(page, 'register.name', '');
    for (const [pinyin, chars] of student.ime) await imeCompose(page, pinyin, chars);
  } else {
    await typeInto(page, 'register.name', student.name);
  }
  await typeInto(page, 'register.id_number', id);
  await typeInto(page, 'register.enrollment_date', '2026-09-01');
  await typeInto(page, 'register.class_name', '一(3)班');
  const filled = await state(page);
  assert.equal(filled.form.name, student.name);
  await click(page, 'register.submit');
}

async function attachProof(page, kind) {
  const started = Date.now();
  const before = (await state(page)).draft.proofs;
  let opened = false;
  const chooser = page.waitForEvent('filechooser', { timeout: 240000 });
  chooser.then(() => { opened = true; }, () => {});
  // The picker opens in a later frame and needs a live user activation (5 s in Chromium); on
  // busy cores frames can be slower than that, so clicks on the status text (inert) keep the
  // activation fresh, and the button is clicked again if its click was lost.
  const inert = await widgetRect(page, 'sync.badge');
  while (!opened && Date.now() - started < 240000) {
    await click(page, `workflow.proof.${kind}`);
    for (let i = 0; i < 20 && !opened; ++i) {
      await sleep(1000);
      if (!opened) await page.mouse.click(inert.x + inert.width / 2, inert.y + inert.height / 2);
    }
  }
  // A PNG signature first: the client keeps only JPEG, PNG or PDF content (docs/SYNC.md).
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await (await chooser).setFiles({ name: `${kind}.png`, mimeType: 'image/png', buffer: Buffer.concat([png, Buffer.from(`scan of ${kind}`)]) });
  // The next picker opens only once this file is read (one picker at a time).
  await waitFor(page, `${kind} attached`, (x) => x.draft.proofs > before, 60000);
}

let browser;
let page;
try {
  ({ browser, page } = await openApp(profile, server.url));
  await login(page, registrar);
  let s = await waitFor(page, 'auto sync after sign-in', (x) => x.fully_synced && x.last_sync &&
    x.last_sync.ok && !x.last_sync.in_progress && x.student_count > 0, 60000);
  await waitNoTofu(page, 'pulled school');
  await page.evaluate(() => window.xueji.offlineReady);
  // The client puts the BMP rare-character chunks (108) into its font cache while online.
  s = await waitFor(page, 'BMP font chunks prefetched', (x) => x.fonts.prefetched >= 100, 240000);
  const ourStudent = s.students.find((st) => st.sync_state === 'synced');
  step(`signed in online, auto sync pulled ${s.student_count} students`);

  await browser.setOffline(true);
  await waitFor(page, 'offline', (x) => !x.online);
  for (const student of newcomers) {
    await click(page, 'nav.register');
    if (!student.quick) await waitFor(page, 'register screen', (x) => x.screen === 'register');
    await fillRegistration(page, student, student.id);
    await waitFor(page, `${student.name} saved`, (x) => x.screen === 'students' && x.saved &&
      x.students.some((st) => st.name === student.name && st.sync_state === 'pending'));
  }
  // Offline, every BMP character is drawn from the prefetched chunks; 𠈌 (Extension B) only if
  // this device met it online before (its chunk is fetched when needed): at most that one.
  s = await waitFor(page, 'offline registrations drawn', (x) => x.fonts.fetching === 0 &&
    x.missing_glyphs <= 1, 60000);
  assert.equal(s.pending, newcomers.length);
  await screenshotNonBlank(page, 'day-01-registered-offline');
  step(`${newcomers.length} students registered offline (insertText, IME, 生僻字), all pending`);

  // A suspension of one of the school's students, with its proofs, the school's step approved.
  await click(page, `students.row.${ourStudent.registry_number}`);
  await waitFor(page, 'student detail', (x) => x.screen === 'student_detail' && x.detail.student_id === ourStudent.student_id);
  await click(page, 'workflow.kind.suspension');
  await click(page, 'workflow.field.reason.illness');
  await attachProof(page, 'hospital_certificate');
  await attachProof(page, 'guardian_application');
  await waitFor(page, 'proofs attached', (x) => x.draft.proofs === 2);
  await click(page, 'workflow.submit');
  s = await waitFor(page, 'suspension started', (x) => x.detail.workflows.some((w) => w.kind === 'suspension'));
  const suspension = s.detail.workflows.find((w) => w.kind === 'suspension');
  assert.equal(suspension.state, 'open');
  assert.equal(suspension.steps[0].party, 'school');
  assert.match(suspension.steps[0].deadline_text, /工作日/, 'deadline in working days, from the core');
  await click(page, 'workflow.approve.0');
  s = await waitFor(page, 'school step approved', (x) => x.detail.workflows.some((w) =>
    w.kind === 'suspension' && w.steps[0].state === 'approved' && w.steps[1].state === 'open'));
  await screenshotNonBlank(page, 'day-02-suspension-offline');
  step(`suspension started offline with 2 proofs, school step approved: ${s.detail.workflows[0].steps[1].deadline_text}`);

  // Applying to receive a student of the other school (第十一条: the receiving school applies).
  await click(page, 'nav.transfer_in');
  await waitFor(page, 'transfer-in screen', (x) => x.screen === 'transfer_in' && x.draft.kind === 'transfer');
  await typeInto(page, 'workflow.field.registry_number', moving.registry_number);
  await typeInto(page, 'workflow.field.name', moving.name);
  await typeInto(page, 'workflow.field.grade', String(moving.grade));
  await click(page, 'workflow.field.reason.hukou_move');
  await typeInto(page, 'workflow.field.outside_window_reason', '监护人工作调动，全家迁居');
  await attachProof(page, 'transfer_application');
  await waitFor(page, 'proof attached', (x) => x.draft.proofs === 1);
  await click(page, 'workflow.submit');
  s = await waitFor(page, 'transfer applied', (x) => x.workflow_notice !== '' || x.draft.error_code !== '');
  assert.equal(s.draft.error_code, '', `transfer accepted on the device: ${JSON.stringify(s.draft)}`);

  await screenshotNonBlank(page, 'day-03-transfer-offline');
  const pendingBefore = (await state(page)).pending;
  step(`transfer-in application for ${moving.name} started offline; ${pendingBefore} operations pending`);

  // Reload with no network: shell from the service worker, everything from IndexedDB.
  await page.reload();
  s = await waitFor(page, 'reloaded offline', (x) => x.storage_loaded && x.logged_in &&
    x.pending === pendingBefore && newcomers.every((n) => x.students.some((st) => st.name === n.name)), 60000);
  step('reloaded offline: registrations and workflows still there');

  // Back online: auto sync; the mistyped ID is refused by the server (一人一籍).
  await browser.setOffline(false);
  s = await waitFor(page, 'synced with one rejection', (x) => x.online && x.pending === 0 &&
    x.rejections.length === 1 && x.last_sync && !x.last_sync.in_progress, 120000);
  const [rejection] = s.rejections;
  assert.equal(rejection.code, 'DUPLICATE_REGISTRY');
  // 第八条: the same ID number registered offline elsewhere is held for the county to review.
  assert.equal(rejection.outcome, 'conflict');
  assert.ok(rejection.case_id, 'a review case was opened');
  assert.equal(rejection.student_name, '孙喆');
  assert.match(rejection.message, /一人一籍/, 'the reason in Chinese');
  assert.equal(s.fully_synced, false, 'no 已同步 while 需处理 is not empty');
  await waitNoTofu(page, 'rejection');
  await screenshotNonBlank(page, 'day-04-rejection');
  step(`auto sync: one rejection under 需处理 — ${rejection.message}`);

  // Fix: the register form opens with the name; the right ID number; auto sync again.
  await click(page, 'rejection.fix.0');
  await waitFor(page, 'fix form', (x) => x.screen === 'register' && x.form.name === '孙喆');
  await typeInto(page, 'register.id_number', newcomers[4].mistyped);
  await click(page, 'register.submit');
  s = await waitFor(page, 'fixed and synced', (x) => x.fully_synced && x.pending === 0 &&
    x.rejections.length === 0 && x.students.some((st) => st.name === '孙喆' && st.sync_state === 'synced'), 120000);
  await waitNoTofu(page, 'after fix');
  await screenshotNonBlank(page, 'day-05-fixed-synced');
  const onServer = await apiStudents(registrar);
  for (const n of newcomers) {
    const id = n.mistyped ?? n.id;
    assert.ok(onServer.some((st) => st.id_number === id && st.name === n.name), `${n.name} on the server`);
  }
  step('fixed and resubmitted: 已同步, every new student on the server');
  const duplicate = await otherSchoolRegisters('刘小𠈌', newcomers[0].id);
  assert.equal(duplicate.outcome, 'conflict', JSON.stringify(duplicate));
  assert.ok(duplicate.case_id, 'the other school\'s registration opened a review case');
  const transferId = (await apiApprovals(county)).find((a) => a.kind === 'transfer' &&
    a.registry_number === moving.registry_number)?.workflow_id;
  assert.ok(transferId, 'the transfer waits for the county');
  // One browser at a time: software GL on busy cores. The school's profile is kept.
  await browser.close();

  // A county officer, another browser profile: 审批 first.
  ({ browser, page } = await openApp(countyProfile, server.url));
  await login(page, county);
  s = await waitFor(page, 'county approvals', (x) => x.screen === 'approvals' &&
    x.staff.is_staff && x.staff.approvals_fetch.loaded &&
    x.staff.approvals.some((a) => a.workflow_id === transferId), 60000);
  // The workflow's details (proofs, steps) come from the county device's pull.
  await waitFor(page, 'county synced', (x) => x.last_sync && x.last_sync.ok && !x.last_sync.in_progress, 120000);
  const row = s.staff.approvals.findIndex((a) => a.workflow_id === transferId);
  const pendingStep = s.staff.approvals[row];
  assert.equal(pendingStep.party, 'receiving_authority');
  assert.ok(pendingStep.working_days_left === null || pendingStep.working_days_left >= 0);
  await click(page, `approvals.row.${row}`);
  s = await waitFor(page, 'approval detail', (x) => x.staff.selected_approval === row &&
    x.staff.approval_workflow_loaded, 30000);
  assert.equal(s.staff.approval_proofs, 1, 'the transfer application is listed as a proof');
  await waitNoTofu(page, 'county approvals');
  await screenshotNonBlank(page, 'day-06-county-approvals');
  await typeInto(page, 'approval.comment', '同意转入，材料齐全');
  await click(page, 'approval.approve');
  s = await waitFor(page, 'county approved', (x) => x.staff.approval_notice !== '' &&
    !x.staff.approvals.some((a) => a.workflow_id === transferId), 60000);
  assert.equal(s.staff.approval_error, '');
  await screenshotNonBlank(page, 'day-07-county-approved');
  step(`county approved the transfer of ${moving.name}: ${s.staff.approval_notice}`);

  // 冲突队列. The mistyped registration's case closed itself when the school registered the child
  // again with the right number (stale case). The other school's registration of a child this
  // school already holds is open: side by side, kept as it is (A: the registry that holds the ID
  // number); B, the other school's registration, is discarded.
  await click(page, 'nav.review_cases');
  s = await waitFor(page, 'review cases', (x) => x.screen === 'review_cases' &&
    x.staff.cases_fetch.loaded && x.staff.cases.some((c) => c.case_id === duplicate.case_id), 60000);
  const stale = s.staff.cases.find((c) => c.case_id === rejection.case_id);
  assert.ok(stale, 'the mistyped registration\'s case is listed');
  assert.equal(stale.status, 'closed', 'closed by the school\'s correction, not left to the county');
  const caseRow = s.staff.cases.findIndex((c) => c.case_id === duplicate.case_id);
  assert.equal(s.staff.cases[caseRow].kind, 'duplicate_registration');
  assert.equal(s.staff.cases[caseRow].status, 'open');
  await click(page, `cases.row.${caseRow}`);
  s = await waitFor(page, 'case side by side', (x) => x.staff.case_detail &&
    x.staff.case_detail.case_id === duplicate.case_id, 60000);
  const nameRow = s.staff.case_detail.fields.find((f) => f.field === 'name');
  assert.ok(nameRow && nameRow.differs, `the names differ: ${JSON.stringify(s.staff.case_detail.fields.slice(0, 4))}`);
  assert.equal(nameRow.b, '刘小𠈌');
  assert.equal(nameRow.a, newcomers[0].name);
  await waitNoTofu(page, 'case');
  await screenshotNonBlank(page, 'day-08-conflict-side-by-side');
  await typeInto(page, 'case.comment', '该生已在本县另一学校在籍，保留原学籍');
  // The decisions wait while a sync runs (the approval's): decide once the device is idle.
  await waitFor(page, 'county idle', (x) => x.last_sync && !x.last_sync.in_progress, 60000);
  await click(page, 'case.decide.keep_a');
  s = await waitFor(page, 'case decided', (x) => x.staff.case_detail &&
    x.staff.case_detail.status === 'decided' && x.staff.case_detail.decision === 'keep_a' &&
    x.pending === 0 && x.rejections.length === 0, 120000);
  await screenshotNonBlank(page, 'day-09-conflict-decided');
  step('county resolved the duplicate registration side by side: keep A (the existing registry)');

  await click(page, 'nav.statistics');
  s = await waitFor(page, 'statistics', (x) => x.screen === 'statistics' &&
    x.staff.statistics_fetch.loaded && x.staff.statistics_schools > 1, 60000);
  await screenshotNonBlank(page, 'day-10-county-statistics');
  step(`county statistics: ${s.staff.statistics_schools} schools, ${s.staff.statistics_in_school} in school`);
  await browser.close();

  // The sending school approves its step (第十一条: receiving authority, then sending school).
  const sendingStep = (await apiApprovals(other)).find((a) => a.workflow_id === transferId);
  assert.ok(sendingStep, 'the sending school has the next step');
  const decided = await apiDecide(other, sendingStep);
  assert.equal(decided.state, 'completed', JSON.stringify(decided));

  // The school's next sync: the student has arrived, the case is decided.
  ({ browser, page } = await openApp(profile, server.url));
  await waitFor(page, 'school reopened', (x) => x.storage_loaded && x.logged_in, 60000);
  await click(page, 'nav.students');
  await click(page, 'sync.button');
  s = await waitFor(page, 'school sees the outcome', (x) => x.last_sync && x.last_sync.ok &&
    !x.last_sync.in_progress && x.students.some((st) => st.registry_number === moving.registry_number) &&
    x.review_cases.some((c) => c.case_id === duplicate.case_id && c.status === 'decided' &&
      c.decision === 'keep_a'), 120000);
  assert.equal(s.fully_synced, true);
  await waitNoTofu(page, 'school outcome');
  await screenshotNonBlank(page, 'day-11-school-outcome');
  step(`school synced: ${moving.name} arrived by transfer, the review case decided (keep A)`);
  await browser.close();
  console.log(`${checks.length} passed, 0 failed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (error) {
  console.error(error);
  try {
    for (const p of (browser ? browser.pages() : [])) await p.screenshot({ path: `${artifacts}/day-failure.png` });
  } catch { /* the browser is gone */ }
  console.error(`server log:\n${server.log().split('\n').filter((l) => !l.includes('event=request')).join('\n')}`);
  console.log(`${checks.length} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  try { await browser?.close(); } catch { /* already closed */ }
  await stopServer(server);
}
