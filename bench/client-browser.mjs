#!/usr/bin/env node
// Browser client figures (issue 6, docs/PERFORMANCE.md), not a test: headless Chromium through
// playwright-core against the real server, as the e2e tests run it.
//   - sizes of the web root, raw and gzipped (wasm + js, base font, rare-font chunks);
//   - first interactive frame (the student list drawn and usable) on a reload with a warm cache;
//   - with 5,000 more students at the school (pushed through the real sync API, then pulled by
//     the client's auto sync): the same reload, and the cost of the frame of a search keystroke.
//
//   node bench/client-browser.mjs [--students N]    (build/native and build/wasm built first)
// Prints `name value unit` lines and writes them to bench/results/client-latest.txt.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import {
  click, freePort, idNumber, launchBrowser, login, readAccounts, repo, seed, sleep, startServer,
  stopServer, tempDir, typeInto, waitFor, waitNoTofu, webRoot,
} from '../tests/e2e/harness.mjs';

const countArg = process.argv.indexOf('--students');
const extraStudents = countArg > 0 ? Number(process.argv[countArg + 1]) : 5000;
const lines = [];
const figure = (name, value, unit) => {
  const line = `${name} ${typeof value === 'number' ? Math.round(value * 10) / 10 : value} ${unit}`;
  lines.push(line);
  console.log(line);
};

// ---- Sizes -----------------------------------------------------------------------------------
const sized = (path) => {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
let code = { raw: 0, gzip: 0 };
for (const name of ['app.wasm', 'app.js', 'xueji-bridge.js', 'index.html', 'sw.js']) {
  const s = sized(join(webRoot, name));
  figure(`size.${name}.raw`, s.raw / 1024, 'KiB');
  figure(`size.${name}.gzip`, s.gzip / 1024, 'KiB');
  code = { raw: code.raw + s.raw, gzip: code.gzip + s.gzip };
}
figure('size.code_total.raw', code.raw / 1024, 'KiB');
figure('size.code_total.gzip', code.gzip / 1024, 'KiB');
const base = sized(join(webRoot, 'fonts/xueji-base.otf'));
figure('size.font_base.raw', base.raw / 1024, 'KiB');
figure('size.font_base.gzip', base.gzip / 1024, 'KiB');
const rareDir = join(webRoot, 'fonts/rare');
const chunks = readdirSync(rareDir).filter((f) => !f.endsWith('.json')).map((f) => sized(join(rareDir, f)));
chunks.sort((a, b) => a.raw - b.raw);
figure('size.font_chunks.count', chunks.length, 'files');
figure('size.font_chunks.total.raw', chunks.reduce((t, c) => t + c.raw, 0) / 1048576, 'MiB');
figure('size.font_chunks.total.gzip', chunks.reduce((t, c) => t + c.gzip, 0) / 1048576, 'MiB');
figure('size.font_chunks.median.raw', chunks[chunks.length >> 1].raw / 1024, 'KiB');
figure('size.font_chunks.median.gzip', chunks[chunks.length >> 1].gzip / 1024, 'KiB');
figure('size.font_chunks.max.raw', chunks[chunks.length - 1].raw / 1024, 'KiB');
const index = sized(join(rareDir, 'index.json'));
figure('size.font_chunks.index.gzip', index.gzip / 1024, 'KiB');

// ---- Server with the school's students, plus N pushed through the sync API ------------------
const dataDir = tempDir('bench-client-data');
seed(dataDir);
const accounts = readAccounts(dataDir);
const registrar = accounts.find((a) => a.role === 'school_registrar');
const port = await freePort();
const server = await startServer(dataDir, port);

async function pushStudents(count) {
  const deviceId = randomUUID();
  const res = await fetch(`${server.url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: registrar.username, password: registrar.password, device_id: deviceId }),
  });
  const { token } = await res.json();
  const surnames = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'];
  const given = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国宇轩浩然子涵梓萱欣怡一诺晨曦思雨博文嘉怡堃喆玥昇珺'];
  const rare = ['䶮', '𠈌'];
  let seq = 0;
  const batch = 250;
  for (let start = 0; start < count; start += batch) {
    const ops = [];
    for (let i = start; i < Math.min(count, start + batch); ++i) {
      // Grade 1, born 2019-09-01 .. 2020-08-31 (6 by 31 August 2026), unique sequence per day.
      const day = new Date(Date.UTC(2019, 8, 1) + (i % 366) * 86400000);
      const birth = day.toISOString().slice(0, 10).replaceAll('-', '');
      // 110101 东城区: a division the seed never uses, so no clash with the seeded students.
      const id = idNumber('110101', birth, 100 + Math.floor(i / 366));
      let name = surnames[i % surnames.length] + given[(i * 7) % given.length];
      if (i % 3) name += given[(i * 13 + 5) % given.length];
      if (i % 250 === 0) name += rare[(i / 250) % 2];
      ops.push({
        format: 1, op_id: randomUUID(), device_id: deviceId, seq: ++seq, actor: registrar.username,
        device_time: '2026-11-28T10:00:00+0800', kind: 'register_student',
        registration: {
          student_id: randomUUID(), name, id_number: id, enrollment_date: '2026-09-01', grade: 1,
          class_name: `一(${1 + (i % 40)})班`, document_type: 'resident_id', gender: 0, birth_date: '',
          serial: 0, ethnicity: '', nationality: 'CHN', hukou_division: '', hukou_address: '',
          guardians: [], flags: { migrant_child: false, left_behind: false, inclusive_class: false,
            home_delivery: false, disability: '', under_discipline: false },
        },
      });
    }
    const push = await fetch(`${server.url}api/sync/push`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocol_version: 1, device_id: deviceId, ops }),
    });
    const verdicts = (await push.json()).verdicts;
    const refused = verdicts.filter((v) => v.outcome !== 'applied');
    if (push.status !== 200 || refused.length) {
      throw new Error(`push ${push.status}: ${JSON.stringify(refused.slice(0, 2))}`);
    }
  }
}

// First interactive frame on a reload: from navigation start to the frame in which the student
// list is drawn with its data (the page's own clock, so the test driver's latency is excluded).
async function firstInteractiveFrame(page) {
  await page.reload();
  await page.waitForFunction(() => {
    const s = window.xueji && window.xueji.state ? window.xueji.state() : null;
    return s && s.screen === 'students' && s.student_count > 0 &&
      window.xueji.widgets().includes('students.table');
  }, null, { polling: 'raf', timeout: 120000 });
  return page.evaluate(() => performance.now());
}

const profile = tempDir('bench-client-profile');
let browser;
try {
  browser = await launchBrowser(profile);
  const page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(server.url);
  await login(page, registrar);
  await waitFor(page, 'first sync', (s) => s.fully_synced && s.last_sync && !s.last_sync.in_progress, 120000);
  await waitNoTofu(page, 'seeded school');
  await page.evaluate(() => window.xueji.offlineReady);
  const warm = [];
  for (let i = 0; i < 3; ++i) warm.push(await firstInteractiveFrame(page));
  figure('first_frame.warm.seeded_school.min', Math.min(...warm), 'ms');

  const pushedAt = Date.now();
  await pushStudents(extraStudents);
  figure('setup.push_students', Date.now() - pushedAt, 'ms');
  await page.reload();
  const pullStart = Date.now();
  const s = await waitFor(page, 'pulled', (x) => x.student_count >= extraStudents && x.fully_synced &&
    x.last_sync && !x.last_sync.in_progress, 600000);
  figure('pull.students', s.student_count, 'students');
  figure('pull.wall', Date.now() - pullStart, 'ms');
  await waitNoTofu(page, 'big school', 120000);
  const warmBig = [];
  for (let i = 0; i < 3; ++i) warmBig.push(await firstInteractiveFrame(page));
  figure(`first_frame.warm.${s.student_count}_students.min`, Math.min(...warmBig), 'ms');

  // Search keystrokes: each one filters the 5,000 in memory and draws the next frame.
  await click(page, 'students.search');
  for (const key of ['w', 'x', 'Backspace', 'Backspace', '王', 'Backspace', '1', '(', 'Backspace', 'Backspace']) {
    if (key.length === 1 && key.charCodeAt(0) > 127) await page.keyboard.insertText(key);
    else await page.keyboard.press(key);
    await page.evaluate(() => window.xueji.frames(3));
  }
  const after = await waitFor(page, 'search cleared', (x) => x.search === '');
  figure('search.frame_max', after.perf.max_search_frame_ms, 'ms');
  figure('search.filter_last', after.perf.filter_ms, 'ms');
  // Scrolling the virtualised list (ImGuiListClipper): frame cost at the bottom of the list.
  const table = await page.evaluate(() => window.xueji.widgetRect('students.table'));
  await page.mouse.move(table.centerX, table.centerY);
  for (let i = 0; i < 20; ++i) await page.mouse.wheel(0, 4000);
  await page.evaluate(() => window.xueji.frames(5));
  const scrolled = await waitFor(page, 'scrolled', () => true);
  figure('scroll.frame_last', scrolled.perf.last_frame_ms, 'ms');
  figure('fonts.chunks_loaded', scrolled.fonts.chunks_loaded, 'chunks');
  figure('fonts.last_rebuild', scrolled.fonts.last_rebuild_ms, 'ms');
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  mkdirSync(join(repo, 'bench/results'), { recursive: true });
  writeFileSync(join(repo, 'bench/results/client-latest.txt'), `${lines.join('\n')}\n`);
}
await sleep(0);
