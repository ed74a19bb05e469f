// The school's own screens through the UI (issue 6): edit a student's ordinary field
// (EditStudent; the core's change shows in the list), add a registrar to the roster (R16) and
// record the training, confirm this term's roster (R17); then sign out and sign in again with
// the network off (offline unlock): a wrong password gets a Chinese error, the right one opens.
import assert from 'node:assert/strict';
import {
  click, freePort, launchBrowser, login, readAccounts, screenshotNonBlank, seed, sleep,
  startServer, state, stopServer, tempDir, typeInto, waitFor,
} from './harness.mjs';

const dataDir = tempDir('e2e-school-data');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrar = accounts.find((a) => a.role === 'school_registrar');
const port = await freePort();
const server = await startServer(dataDir, port);
let checks = 0;
const step = (text) => console.log(`ok ${++checks} - ${text}`);
const context = await launchBrowser(tempDir('e2e-school-profile'));
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(server.url);
  await login(page, registrar);
  let s = await waitFor(page, 'first sync', (x) => x.student_count > 0 && x.last_sync && !x.last_sync.in_progress,
    120000);

  // Edit: the first student's class.
  const student = s.students[0];
  await click(page, `students.row.${student.registry_number}`);
  await waitFor(page, 'detail', (x) => x.screen === 'student_detail');
  await click(page, 'detail.edit');
  await waitFor(page, 'edit screen', (x) => x.screen === 'edit_student');
  await typeInto(page, 'edit.field.class_name', '三(9)班');
  await click(page, 'edit.save');
  s = await waitFor(page, 'edit saved', (x) => x.school.edit_notice !== '' || x.school.edit_error_code !== '');
  assert.equal(s.school.edit_error_code, '', 'the core accepted the edit');
  const edited = s.students.find((x) => x.student_id === student.student_id);
  assert.equal(edited.class_name, '三(9)班', 'the list shows the new class');
  await screenshotNonBlank(page, 'school-01-edit-student');
  step(`class of ${student.name} edited through EditStudent`);

  // R16: a registrar added, then trained.
  await click(page, 'nav.school');
  await waitFor(page, 'school screen', (x) => x.screen === 'school');
  await click(page, 'school.tab.roster');
  const before = (await state(page)).school.roster;
  await typeInto(page, 'roster.name', '李老师');
  await typeInto(page, 'roster.phone', '13800000000');
  await click(page, 'roster.add');
  s = await waitFor(page, 'registrar added', (x) => x.school.roster === before + 1 || x.school.error_code !== '');
  assert.equal(s.school.error_code, '', 'the core accepted the registrar');
  await click(page, `roster.train.${before}`);
  s = await waitFor(page, 'training recorded', (x) => x.school.notice !== '' && x.school.notice.includes('培训') ||
    x.school.error_code !== '');
  assert.equal(s.school.error_code, '', 'the core accepted the training');
  await screenshotNonBlank(page, 'school-02-roster');
  step('R16: registrar added and trained');

  // R17: this term's roster confirmed.
  await click(page, 'school.tab.term');
  await click(page, 'term.confirm');
  s = await waitFor(page, 'term confirmed', (x) => x.school.term_confirmed === 1 || x.school.error_code !== '');
  assert.equal(s.school.error_code, '', 'the core accepted the confirmation');
  await screenshotNonBlank(page, 'school-03-term');
  step('R17: term roster confirmed');

  // Offline unlock.
  await click(page, 'logout');
  await waitFor(page, 'login screen', (x) => x.screen === 'login');
  await context.setOffline(true);
  await typeInto(page, 'login.username', registrar.username);
  await typeInto(page, 'login.password', 'wrong-password');
  await click(page, 'login.submit');
  s = await waitFor(page, 'wrong password refused', (x) => x.login_error !== '', 30000);
  assert.match(s.login_error, /密码错误/, 'a Chinese error for a wrong password');
  assert.equal(s.logged_in, false);
  step(`offline, wrong password: "${s.login_error}"`);
  await typeInto(page, 'login.password', registrar.password);
  await click(page, 'login.submit');
  s = await waitFor(page, 'unlocked offline', (x) => x.logged_in && x.screen === 'students', 30000);
  assert.equal(s.offline_unlocked, true, 'signed in against the local verifier');
  assert.equal(s.online, false);
  await sleep(300);
  await screenshotNonBlank(page, 'school-04-offline-unlock');
  step('offline, right password: unlocked, shown as 离线登录');
} finally {
  await context.close();
  await stopServer(server);
}
console.log(`1..${checks}`);
