// The walking skeleton, end to end with no mocks (issue 2): a registrar signs in (auto sync pulls
// the school's students), registers a student with the network off, closes the tab, reopens it
// with the server STOPPED (shell from the service worker, data from IndexedDB); once the server is
// back the client syncs by itself and the student is on the server. The same ID number at another
// school is refused by the server with a clear code, shown under 需处理.
import assert from 'node:assert/strict';
import {
  click, freePort, idNumber, launchBrowser, readAccounts, screenshot, seed, startServer, state,
  stopServer, tempDir, typeInto, waitFor, waitNoTofu,
} from './harness.mjs';

const dataDir = tempDir('e2e-data');
const profileA = tempDir('e2e-profile-a');
const profileB = tempDir('e2e-profile-b');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrars = accounts.filter((a) => a.role === 'school_registrar');
const county = accounts.find((a) => a.role === 'county');
assert.ok(registrars.length >= 2, 'the demo data has registrars at two schools');
const [first, second] = registrars;
assert.notEqual(first.unitCode, second.unitCode);

const port = await freePort();
let server = await startServer(dataDir, port);
const studentName = '王小明';
// A first-grader born in the demo county, 6 years old by 31 August 2026.
const studentId = idNumber(county.unitCode, '20200315', 137);
const checks = [];
const step = (text) => { checks.push(text); console.log(`ok ${checks.length} - ${text}`); };

async function login(page, account) {
  await waitFor(page, 'login screen', (s) => s.storage_loaded && s.screen === 'login');
  await typeInto(page, 'login.username', account.username);
  await typeInto(page, 'login.password', account.password);
  await click(page, 'login.submit');
  return waitFor(page, 'logged in', (s) => s.logged_in && s.screen !== 'login');
}

async function register(page, name, id) {
  await click(page, 'nav.register');
  await waitFor(page, 'register screen', (s) => s.screen === 'register');
  await typeInto(page, 'register.name', name);
  await typeInto(page, 'register.id_number', id);
  await typeInto(page, 'register.enrollment_date', '2026-09-01');
  await typeInto(page, 'register.class_name', '一(1)班');
  const filled = await state(page);
  assert.equal(filled.form.name, name, 'Chinese name arrived once, intact');
  assert.equal(filled.form.id_number, id, 'typed ASCII arrived exactly once');
  await click(page, 'register.submit');
}

// Every character on screen is in the font atlas, once the 生僻字 chunks the data needs (the
// seeded names pulled by 同步 have some) are fetched and merged.
async function assertNoTofu(page, where) {
  const s = await waitNoTofu(page, where);
  assert.equal(s.missing_glyphs, 0);
}

let s;
try {
  // 1. Online: sign in (auto sync pulls the school); offline: register a student; the UI says
  //    已保存 only once IndexedDB has it.
  let browser = await launchBrowser(profileA);
  let page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(server.url);
  await login(page, first);
  s = await waitFor(page, 'auto sync after sign-in', (x) => x.last_sync && x.last_sync.ok &&
    !x.last_sync.in_progress && x.student_count > 0 && x.fully_synced, 60000);
  assert.ok(s.last_sync.automatic, 'nobody pressed 同步');
  await assertNoTofu(page, 'pulled names (the chunks they need are fetched while online)');
  step(`registrar ${first.username} signed in; auto sync pulled ${s.student_count} students`);
  await browser.setOffline(true);
  await waitFor(page, 'offline', (x) => !x.online);
  await register(page, studentName, studentId);
  s = await waitFor(page, 'saved registration', (x) => x.pending === 1 && x.saved &&
    x.students.some((st) => st.name === studentName));
  await assertNoTofu(page, 'after registration');
  await screenshot(page, '01-registered-pending');
  step('student registered locally, 1 operation pending, persisted');
  await browser.close();  // the tab (and the browser) goes away

  // 2. Server stopped: the app starts from the service worker's cache with its data.
  await stopServer(server);
  await assert.rejects(fetch(`${server.url}api/health`), 'the server is really down');
  browser = await launchBrowser(profileA);
  page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(server.url);
  s = await waitFor(page, 'offline start with data', (x) => x.storage_loaded && x.logged_in &&
    x.students.some((st) => st.name === studentName && st.sync_state === 'pending'));
  assert.equal(s.pending, 1);
  await assertNoTofu(page, 'offline start');
  await screenshot(page, '02-reopened-server-stopped');
  step('reopened with the server stopped: shell from service worker, student from IndexedDB');

  // 3. Server back: the client notices and syncs by itself; the server has the student.
  server = await startServer(dataDir, port);
  s = await waitFor(page, 'auto sync once the server is back', (x) => x.online && x.pending === 0 &&
    x.last_sync && x.last_sync.ok && !x.last_sync.in_progress && x.fully_synced, 60000);
  assert.ok(s.students.some((st) => st.name === studentName && st.sync_state === 'synced'));
  await assertNoTofu(page, 'after sync');
  await screenshot(page, '03-synced');
  await browser.close();

  const loginRes = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: first.username, password: first.password, device_id: 'e2e-check' }),
  });
  assert.equal(loginRes.status, 200);
  const { token } = await loginRes.json();
  const studentsRes = await fetch(`${server.url}api/students`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(studentsRes.status, 200);
  const onServer = JSON.stringify(await studentsRes.json());
  assert.ok(onServer.includes(studentId) && onServer.includes(studentName), 'the server API lists the student');
  step('auto sync pushed the registration once the server was back; the server API lists it');

  // 4. Another school registers the same ID number: accepted on its device (it cannot know),
  //    refused by the server with DUPLICATE_REGISTRY and shown under 需处理 in Chinese.
  browser = await launchBrowser(profileB);
  page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(server.url);
  await login(page, second);
  await register(page, studentName, studentId);
  await waitFor(page, 'second school saved', (x) => x.saved && (x.pending === 1 || x.rejections.length === 1));
  // No 同步 press: the registration is pushed a few seconds after it was committed.
  s = await waitFor(page, 'rejection listed', (x) => x.pending === 0 && x.rejections.length === 1 &&
    !x.fully_synced, 60000);
  assert.equal(s.rejections[0].code, 'DUPLICATE_REGISTRY');
  assert.match(s.rejections[0].message_zh ?? s.rejections[0].message, /一人一籍/);
  assert.ok(!s.students.some((st) => st.name === studentName), 'the optimistic registration was rolled back');
  await assertNoTofu(page, 'rejection');
  await screenshot(page, '04-duplicate-refused');
  await browser.close();
  step('the same ID number at another school is refused by the server with DUPLICATE_REGISTRY');
  console.log(`${checks.length} passed, 0 failed`);
} catch (error) {
  console.error(error);
  console.error(`server log:\n${server.log()}`);
  console.log(`${checks.length} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await stopServer(server);
}
