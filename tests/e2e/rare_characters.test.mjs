// 生僻字 end to end (issue 6, "Every character renders"): names with characters outside the
// GB 2312 base font — 堃 (URO), 䶮 (Extension A), 𠈌 (Extension B) — typed through insertText
// and through a pinyin IME composition, are drawn without tofu once the client has fetched the
// chunks of the fuller fonts that hold them; searchable by those characters; and still drawn
// after a restart with the server stopped (the chunks come from the browser's font cache).
import assert from 'node:assert/strict';
import {
  click, freePort, idNumber, imeCompose, login, openApp, readAccounts, screenshotNonBlank, seed,
  sleep, startServer, state, stopServer, tempDir, typeInto, waitFor, waitNoTofu,
} from './harness.mjs';

const dataDir = tempDir('e2e-rare-data');
const profile = tempDir('e2e-rare-profile');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrar = accounts.find((a) => a.role === 'school_registrar');
const county = accounts.find((a) => a.role === 'county');
const port = await freePort();
let server = await startServer(dataDir, port);
const checks = [];
const step = (text) => { checks.push(text); console.log(`ok ${checks.length} - ${text}`); };

// Name typed by insertText, [pinyin, characters] compositions through the IME path, or
// characters then a code point entered in the U+ field (a 生僻字 no input method offers).
const students = [
  { name: '赵𠈌', typed: '赵', codePoint: 'U+2020C', id: idNumber(county.unitCode, '20200703', 247) },
  { name: '李𠈌', typed: 'insertText', id: idNumber(county.unitCode, '20200412', 211) },
  { name: '王䶮', ime: [['wang', '王'], ['yan', '䶮']], id: idNumber(county.unitCode, '20200517', 223) },
  { name: '张堃', typed: 'insertText', id: idNumber(county.unitCode, '20200619', 235) },
];

async function register(page, student) {
  await click(page, 'nav.register');
  await waitFor(page, 'register screen', (s) => s.screen === 'register');
  if (student.ime) {
    await typeInto(page, 'register.name', '');
    for (const [pinyin, chars] of student.ime) await imeCompose(page, pinyin, chars);
  } else if (student.codePoint) {
    await typeInto(page, 'register.name', student.typed);
    await typeInto(page, 'register.code_point', 'U+D800');  // a surrogate: refused
    await click(page, 'register.code_point_insert');
    await waitFor(page, 'invalid code point refused', (s) => s.form.code_point_error === 'INVALID_CODE_POINT' &&
      s.form.name === student.typed);
    await typeInto(page, 'register.code_point', student.codePoint);
    await click(page, 'register.code_point_insert');
    await waitFor(page, 'code point inserted', (s) => s.form.name === student.name && s.form.code_point === '');
  } else {
    await typeInto(page, 'register.name', student.name);
  }
  await typeInto(page, 'register.id_number', student.id);
  await typeInto(page, 'register.enrollment_date', '2026-09-01');
  await typeInto(page, 'register.class_name', '一(2)班');
  const filled = await state(page);
  assert.equal(filled.form.name, student.name, `${student.name} arrived once, intact`);
  await click(page, 'register.submit');
  await waitFor(page, `${student.name} saved`, (s) => s.screen === 'students' && s.saved &&
    s.students.some((x) => x.name === student.name));
}

try {
  let { browser, page } = await openApp(profile, server.url);
  await login(page, registrar);
  step(`registrar ${registrar.username} signed in`);
  for (const student of students) await register(page, student);
  let s = await waitNoTofu(page, 'after registering rare names');
  assert.ok(s.fonts.chunks_loaded >= 2, `chunks fetched on demand: ${JSON.stringify(s.fonts)}`);
  assert.equal(s.fonts.unavailable, 0);
  await screenshotNonBlank(page, 'rare-01-registered');
  step(`4 names with 生僻字 registered (code point, insertText, IME) and drawn: ${JSON.stringify(s.fonts)}`);

  await typeInto(page, 'students.search', '𠈌');
  s = await waitFor(page, 'search by a rare character', (x) => x.search === '𠈌' &&
    x.students.some((st) => st.name === '李𠈌'));
  assert.ok(s.students.every((st) => st.name.includes('𠈌')), 'only names with 𠈌 (seeded ones too)');
  await waitNoTofu(page, 'search');
  await screenshotNonBlank(page, 'rare-02-search');
  step('search by an Extension B character finds the name');
  await typeInto(page, 'students.search', '');
  await typeInto(page, 'students.code_point', 'U+4DAE');
  await click(page, 'students.code_point_insert');
  s = await waitFor(page, 'search by a code point', (x) => x.search === '䶮' &&
    x.students.some((st) => st.name === '王䶮'));
  step('a character entered by its code point into the search finds 王䶮');
  await typeInto(page, 'students.search', 'WY');
  s = await waitFor(page, 'search by pinyin initials', (x) => x.search === 'WY' &&
    x.students.some((st) => st.name === '王䶮'));
  await typeInto(page, 'students.search', 'zk');
  s = await waitFor(page, 'search by pinyin initials', (x) => x.search === 'zk' &&
    x.students.some((st) => st.name === '张堃'));
  await screenshotNonBlank(page, 'rare-03-initials-search');
  step('pinyin initials find 王䶮 (WY) and 张堃 (zk)');
  await typeInto(page, 'students.search', '');
  await page.evaluate(() => window.xueji.offlineReady);
  await browser.close();

  await stopServer(server);
  ({ browser, page } = await openApp(profile, server.url));
  s = await waitFor(page, 'offline start with data', (x) => x.storage_loaded && x.logged_in &&
    students.every((st) => x.students.some((y) => y.name === st.name)), 60000);
  s = await waitNoTofu(page, 'offline restart');
  await screenshotNonBlank(page, 'rare-04-offline-restart');
  step(`restarted with the server stopped: rare names drawn from cached chunks ${JSON.stringify(s.fonts)}`);
  await browser.close();
  console.log(`${checks.length} passed, 0 failed`);
} catch (error) {
  console.error(error);
  console.error(`server log:\n${server.log()}`);
  console.log(`${checks.length} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await stopServer(server);
  await sleep(0);
}
