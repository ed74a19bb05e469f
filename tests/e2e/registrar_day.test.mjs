// A day of a registrar (issue 6), the school's part: sign in online (auto sync pulls the school),
// go offline, register students (names through insertText and through IME composition, 生僻字
// included; one with a mistyped ID number that belongs to a student of another school), start a
// suspension with its proofs (file picker) and approve the school's step, apply to receive a
// transfer, reload the page offline (everything still there), come back online: auto sync, one
// rejection under 需处理 with its Chinese reason, fix it, synced again (已同步).
// County approval and conflict screens come later (other issues' endpoints).
import assert from 'node:assert/strict';
import {
  click, freePort, idNumber, imeCompose, login, openApp, readAccounts, screenshotNonBlank, seed,
  startServer, state, stopServer, tempDir, typeInto, waitFor, waitNoTofu,
} from './harness.mjs';

const dataDir = tempDir('e2e-day-data');
const profile = tempDir('e2e-day-profile');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrars = accounts.filter((a) => a.role === 'school_registrar');
const [registrar, other] = registrars;
const county = accounts.find((a) => a.role === 'county');
const port = await freePort();
let server = await startServer(dataDir, port);
const checks = [];
const step = (text) => { checks.push(text); console.log(`ok ${checks.length} - ${text}`); };

async function apiStudents(account) {
  const res = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password, device_id: 'e2e-day-check' }),
  });
  const { token } = await res.json();
  const list = await fetch(`${server.url}api/students`, { headers: { Authorization: `Bearer ${token}` } });
  return (await list.json()).students;
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

async function fillRegistration(page, student, id) {
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
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 180000 }),
    click(page, `workflow.proof.${kind}`),
  ]);
  // A PNG signature first: the client keeps only JPEG, PNG or PDF content (docs/SYNC.md).
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await chooser.setFiles({ name: `${kind}.png`, mimeType: 'image/png', buffer: Buffer.concat([png, Buffer.from(`scan of ${kind}`)]) });
}

try {
  let { browser, page } = await openApp(profile, server.url);
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
    await waitFor(page, 'register screen', (x) => x.screen === 'register');
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
  await browser.close();
  console.log(`${checks.length} passed, 0 failed`);
} catch (error) {
  console.error(error);
  console.error(`server log:\n${server.log().split('\n').filter((l) => !l.includes('event=request')).join('\n')}`);
  console.log(`${checks.length} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await stopServer(server);
}
