// Two schools, two browser profiles (issue 4, browser test): school A's client goes offline
// (Chromium network disabled), applies to receive a student of school B by transfer (第十一条:
// the receiving school applies), comes back and syncs; the county approves its step (its screen
// is another issue's: through the API here); school B's client — a second profile — syncs, sees
// the incoming transfer request in the student's workflow list and approves the sending school's
// step; school A syncs and sees the student arrive.
import assert from 'node:assert/strict';
import {
  click, freePort, login, openApp, readAccounts, screenshotNonBlank, seed, startServer, state,
  stopServer, tempDir, typeInto, waitFor,
} from './harness.mjs';

const started = Date.now();
const dataDir = tempDir('e2e-two-data');
const profileA = tempDir('e2e-two-profile-a');
const profileB = tempDir('e2e-two-profile-b');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrars = accounts.filter((a) => a.role === 'school_registrar');
const [schoolA, schoolB] = registrars;
const county = accounts.find((a) => a.role === 'county' && schoolA.unitCode.includes(a.unitCode));
assert.ok(schoolA && schoolB && county, 'two schools of one county and the county are seeded');
const port = await freePort();
const server = await startServer(dataDir, port);
const checks = [];
const step = (text) => { checks.push(text); console.log(`ok ${checks.length} - ${text}`); };

async function api(account, path, options = {}) {
  const res = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password, device_id: 'e2e-two-check' }),
  });
  const { token } = await res.json();
  const answer = await fetch(`${server.url}${path}`, {
    ...options, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  return { status: answer.status, body: await answer.json() };
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

const synced = (x) => x.online && x.pending === 0 && x.last_sync && x.last_sync.ok &&
  !x.last_sync.in_progress;

let browserA;
let browserB;
try {
  // School B's student to receive.
  const { body: { students: ofB } } = await api(schoolB, 'api/students');
  const moving = ofB.find((s) => s.status === 'in_school');
  assert.ok(moving, 'school B has a student in school');

  // School A signs in online (auto sync), then loses the network.
  ({ browser: browserA } = await openApp(profileA, server.url));
  let pageA = browserA.pages()[0];
  await login(pageA, schoolA);
  await waitFor(pageA, 'A: auto sync after sign-in', (x) => x.fully_synced && synced(x) &&
    x.student_count > 0, 60000);
  await pageA.evaluate(() => window.xueji.offlineReady);
  await browserA.setOffline(true);
  await waitFor(pageA, 'A offline', (x) => !x.online);

  await click(pageA, 'nav.transfer_in');
  await waitFor(pageA, 'transfer-in screen', (x) => x.screen === 'transfer_in' && x.draft.kind === 'transfer');
  await typeInto(pageA, 'workflow.field.registry_number', moving.registry_number);
  await typeInto(pageA, 'workflow.field.name', moving.name);
  await typeInto(pageA, 'workflow.field.grade', String(moving.grade));
  await click(pageA, 'workflow.field.reason.hukou_move');
  await typeInto(pageA, 'workflow.field.outside_window_reason', '监护人工作调动，全家迁居');
  await attachProof(pageA, 'transfer_application');
  await waitFor(pageA, 'proof attached', (x) => x.draft.proofs === 1);
  await click(pageA, 'workflow.submit');
  let s = await waitFor(pageA, 'transfer applied offline', (x) => x.workflow_notice !== '' || x.draft.error_code !== '');
  assert.equal(s.draft.error_code, '', `accepted on the device: ${JSON.stringify(s.draft)}`);
  assert.ok(s.pending >= 1 && !s.online);
  await screenshotNonBlank(pageA, 'two-01-transfer-applied-offline');
  step(`A offline: transfer-in application for ${moving.name} (${moving.registry_number}) pending`);

  // Back online: auto sync pushes it; the server accepts it (no case, no rejection).
  await browserA.setOffline(false);
  s = await waitFor(pageA, 'A synced', (x) => synced(x) && x.rejections.length === 0, 120000);
  await screenshotNonBlank(pageA, 'two-02-a-synced');
  step('A back online: the application pushed and accepted, nothing under 需处理');

  // The receiving authority's step (county screens belong to another issue: the API here).
  const { body: { approvals } } = await api(county, 'api/approvals');
  const item = approvals.find((a) => a.kind === 'transfer' && a.student_id === moving.student_id &&
    a.started_unit === schoolA.unitCode);
  assert.ok(item, `the county has the transfer to approve: ${JSON.stringify(approvals)}`);
  const decided = await api(county, `api/approvals/${item.workflow_id}/${item.position}/decide`,
    { method: 'POST', body: JSON.stringify({ approve: true, comment: '同意转入', force: false }) });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  step('county approved the receiving authority step');

  // School B, a second browser profile: sign in, sync, the incoming request is there.
  ({ browser: browserB } = await openApp(profileB, server.url));
  const pageB = browserB.pages()[0];
  await login(pageB, schoolB);
  s = await waitFor(pageB, 'B: auto sync after sign-in', (x) => synced(x) &&
    x.students.some((st) => st.student_id === moving.student_id), 60000);
  assert.notEqual(s.device_id, (await state(pageA)).device_id, 'two profiles, two devices');
  await click(pageB, `students.row.${moving.registry_number}`);
  s = await waitFor(pageB, 'B: the incoming transfer in the student\'s workflows', (x) =>
    x.screen === 'student_detail' && x.detail.student_id === moving.student_id &&
    x.detail.workflows.some((w) => w.kind === 'transfer' && w.state === 'open'));
  const index = s.detail.workflows.findIndex((w) => w.kind === 'transfer' && w.state === 'open');
  const transfer = s.detail.workflows[index];
  const open = transfer.steps.find((st) => st.state === 'open');
  assert.equal(open.party, 'sending_school', `B's step is open: ${JSON.stringify(transfer.steps)}`);
  await screenshotNonBlank(pageB, 'two-03-b-sees-request');
  step(`B synced: incoming transfer request, steps ${transfer.steps.map((st) => `${st.party}:${st.state}`).join(', ')}`);

  await click(pageB, `workflow.approve.${index}`);
  s = await waitFor(pageB, 'B approved and synced', (x) => x.workflow_notice !== '' && synced(x) &&
    x.rejections.length === 0, 120000);
  await screenshotNonBlank(pageB, 'two-04-b-approved');
  const onServer = await api(schoolA, 'api/students');
  assert.ok(onServer.body.students.some((st) => st.student_id === moving.student_id),
    'the student is now at school A on the server');
  step('B approved the sending school step; the transfer completed on the server');

  // School A syncs and sees the student arrive.
  pageA = browserA.pages()[0];
  await click(pageA, 'sync.button');
  s = await waitFor(pageA, 'A sees the student', (x) => synced(x) &&
    x.students.some((st) => st.student_id === moving.student_id && st.sync_state === 'synced'), 120000);
  await screenshotNonBlank(pageA, 'two-05-a-received');
  step(`A synced: ${moving.name} is now on A's list (${s.student_count} students)`);
  console.log(`run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${checks.length} passed, 0 failed`);
} catch (error) {
  console.error(error);
  console.error(`server log:\n${server.log().split('\n').filter((l) => !l.includes('event=request')).join('\n')}`);
  console.log(`${checks.length} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  if (browserA) await browserA.close();
  if (browserB) await browserB.close();
  await stopServer(server);
}
