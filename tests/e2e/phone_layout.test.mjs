// A registrar on a cheap phone (issue 6: usable at 360 px wide with touch): a 360×740 touch
// viewport, signing in, the student list in its one-column layout, registering one student by
// tapping the fields and the buttons. Screenshots (checked non-blank) under
// test-artifacts/e2e/phone-NN-*.png.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  freePort, idNumber, readAccounts, screenshotNonBlank, seed, sleep, startServer, state,
  stopServer, tempDir, waitFor, widgetRect,
} from './harness.mjs';

const dataDir = tempDir('e2e-phone-data');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrar = accounts.find((a) => a.role === 'school_registrar');
const county = accounts.find((a) => a.role === 'county');
const port = await freePort();
const server = await startServer(dataDir, port);
let checks = 0;
const step = (text) => console.log(`ok ${++checks} - ${text}`);

const context = await chromium.launchPersistentContext(tempDir('e2e-phone-profile'), {
  executablePath: process.env.XUEJI_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run'],
});

// A finger on the widget's centre.
async function tap(page, id) {
  const r = await widgetRect(page, id);
  await page.touchscreen.tap(r.x + r.width / 2, r.y + r.height / 2);
  await sleep(200);
}

async function typeByTap(page, id, text) {
  await tap(page, id);
  await page.keyboard.insertText(text);
  await sleep(150);
}

try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(server.url);
  await waitFor(page, 'login screen', (s) => s.storage_loaded && s.screen === 'login', 60000);
  const width = await page.evaluate(() => window.innerWidth);
  assert.equal(width, 360, 'a 360-px-wide page');
  const submit = await widgetRect(page, 'login.submit');
  assert.ok(submit.x >= 0 && submit.x + submit.width <= 361, `the sign-in button fits the width (${JSON.stringify(submit)})`);
  assert.ok(submit.height >= 40, `touch-sized sign-in button (${submit.height} px tall)`);
  await screenshotNonBlank(page, 'phone-01-login');
  step('login screen fits 360 px, touch-sized button');

  await typeByTap(page, 'login.username', registrar.username);
  await typeByTap(page, 'login.password', registrar.password);
  await tap(page, 'login.submit');
  let s = await waitFor(page, 'logged in', (x) => x.logged_in && x.screen === 'students', 120000);
  s = await waitFor(page, 'first sync', (x) => x.student_count > 0 && x.last_sync && !x.last_sync.in_progress,
    120000);
  const table = await widgetRect(page, 'students.table');
  assert.ok(table.x + table.width <= 361, 'the list fits the width (one column)');
  const widgets = await page.evaluate(() => window.xueji.widgets());
  const rows = widgets.filter((id) => id.startsWith('students.row.'));
  assert.ok(rows.length > 0, 'student rows drawn');
  const row = await widgetRect(page, rows[0]);
  assert.ok(row.height >= 40, `a row is one tall touch target (${row.height} px)`);
  await screenshotNonBlank(page, 'phone-02-list');
  step(`signed in by tapping; ${s.student_count} students in the one-column list`);

  await tap(page, 'nav.register');
  await waitFor(page, 'register screen', (x) => x.screen === 'register');
  const nameField = await widgetRect(page, 'register.name');
  assert.ok(nameField.x + nameField.width <= 361, 'the name field fits the width');
  const name = '刘小雨';
  const id = idNumber(county.unitCode, '20200417', 158);
  await typeByTap(page, 'register.name', name);
  await typeByTap(page, 'register.id_number', id);
  const date = await state(page);
  if (date.form.enrollment_date !== '2026-09-01') {
    await tap(page, 'register.enrollment_date');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('2026-09-01');
    await sleep(150);
  }
  await typeByTap(page, 'register.class_name', '一(2)班');
  await screenshotNonBlank(page, 'phone-03-register');
  // The form is taller than the screen: the field being typed into scrolls to the top, so
  // the button below the last field is in view.
  await page.evaluate(() => window.xueji.frames(3));
  const button = await widgetRect(page, 'register.submit');
  assert.ok(button.y + button.height <= 740 && button.height >= 40,
    `the submit button on screen and touch-sized (${JSON.stringify(button)})`);
  await tap(page, 'register.submit');
  s = await waitFor(page, 'registered', (x) => x.screen === 'students' && x.students.some((st) => st.name === name),
    30000);
  step(`registered ${name} by tapping (${id})`);
  await screenshotNonBlank(page, 'phone-04-registered');
} finally {
  await context.close();
  await stopServer(server);
}
console.log(`1..${checks}`);
