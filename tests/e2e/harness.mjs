// Shared pieces of the browser tests: the real server on a free loopback port, Debian's
// Chromium through playwright-core, and driving the ImGui client by its automation ids.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const repo = new URL('../..', import.meta.url).pathname;
export const serverBinary = process.env.XUEJI_SERVER ?? join(repo, 'build/native/sync-server/xueji-server');
export const webRoot = process.env.XUEJI_WEB ?? join(repo, 'build/wasm/web');
export const artifacts = process.env.XUEJI_ARTIFACTS ?? join(repo, 'test-artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Scratch directories (server data, browser profiles) go when the test passes; a failed run
// keeps them for a look, and so does XUEJI_KEEP_TEMP=1.
const scratch = [];
process.on('exit', (code) => {
  if (code !== 0 || process.env.XUEJI_KEEP_TEMP) return;
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `xueji-${prefix}-`));
  scratch.push(dir);
  return dir;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export function seed(dataDir) {
  execFileSync(serverBinary, ['seed', '--data', dataDir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// demo-accounts.txt: one account a line, "username<TAB>password<TAB>role<TAB>unit code<TAB>unit name".
export function readAccounts(dataDir) {
  return readFileSync(join(dataDir, 'demo-accounts.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [username, password, role, unitCode, unitName] = line.split('\t');
      return { role, username, password, unitCode, unitName };
    });
}

// Starts `xueji-server serve` and resolves once it answers /api/health.
export async function startServer(dataDir, port) {
  const child = spawn(serverBinary, ['serve', '--data', dataDir, '--web', webRoot, '--host', '127.0.0.1',
    '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return { child, url: `http://127.0.0.1:${port}/`, log: () => log };
    } catch { /* not up yet */ }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${log}`);
}

export async function stopServer(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

export async function launchBrowser(profileDir) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.XUEJI_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run'],
  });
}

// The client's own view of itself (window.xueji.state(), see wasm-client/TEST-HOOKS.md).
export async function state(page) {
  return page.evaluate(() => {
    const s = window.xueji && window.xueji.state ? window.xueji.state() : null;
    return typeof s === 'string' ? JSON.parse(s) : s;
  });
}

export async function waitFor(page, what, predicate, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await state(page);
      if (last && predicate(last)) return last;
    } catch { /* page still loading */ }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)}`);
}

export async function widgetRect(page, id, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rect = await page.evaluate((wid) => {
      const r = window.xueji && window.xueji.widgetRect ? window.xueji.widgetRect(wid) : null;
      return typeof r === 'string' ? JSON.parse(r) : r;
    }, id);
    if (rect && rect.width > 0) return rect;
    await sleep(50);
  }
  throw new Error(`widget ${id} not on screen`);
}

export async function click(page, id) {
  const r = await widgetRect(page, id);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  await sleep(120);  // two frames: ImGui sees the press and the release
}

// Focuses a text field by clicking it, clears it and types through the browser's text input.
export async function typeInto(page, id, text) {
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await sleep(60);
  await page.keyboard.insertText(text);
  await sleep(120);
}

export async function screenshot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

// GB 11643-1999 check character: the test makes its own valid numbers, independently of the core.
export function idNumber(division6, birthYYYYMMDD, sequence3) {
  const body = `${division6}${birthYYYYMMDD}${String(sequence3).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

// Types `text` as an IME would: a pinyin composition (Input.imeSetComposition, the
// compositionstart/update events a real pinyin IME produces), then the chosen characters
// committed (Input.insertText ends the composition), through Chromium's DevTools protocol.
export async function imeCompose(page, pinyin, text) {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let i = 1; i <= pinyin.length; ++i) {
      await cdp.send('Input.imeSetComposition', {
        text: pinyin.slice(0, i), selectionStart: i, selectionEnd: i,
      });
    }
    await cdp.send('Input.insertText', { text });
  } finally {
    await cdp.detach();
  }
  await sleep(120);
}

// Opens a page in a fresh persistent profile and returns { browser, page }.
export async function openApp(profileDir, url) {
  const browser = await launchBrowser(profileDir);
  const page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(url);
  return { browser, page };
}

export async function login(page, account) {
  await waitFor(page, 'login screen', (s) => s.storage_loaded && s.screen === 'login', 60000);
  await typeInto(page, 'login.username', account.username);
  await typeInto(page, 'login.password', account.password);
  await click(page, 'login.submit');
  return waitFor(page, 'logged in', (s) => s.logged_in && s.screen !== 'login', 30000);
}

// Every character on screen drawn from the font atlas: waits for on-demand rare-character chunks
// (生僻字) to be fetched and merged rather than asserting on the first frame.
export async function waitNoTofu(page, where, timeoutMs = 60000) {
  return waitFor(page, `${where}: every character in the font atlas`,
    (s) => s.missing_glyphs === 0 && s.fonts.fetching === 0, timeoutMs);
}

// A screenshot that really shows something: the decoded PNG has many distinct byte values
// (a blank or single-colour canvas has a handful). Returns the path.
export async function screenshotNonBlank(page, name) {
  const path = join(artifacts, `${name}.png`);
  const png = await page.screenshot({ path });
  const chunks = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') chunks.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks));
  const seen = new Set();
  for (let i = 0; i < pixels.length && seen.size < 64; i += 7) seen.add(pixels[i]);
  if (seen.size < 32) throw new Error(`${path} looks blank (${seen.size} distinct byte values)`);
  return path;
}
