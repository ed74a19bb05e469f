// Figure 5 of issue 7: the browser client. Sizes of what a browser downloads (raw and gzip at
// zlib's default level) and the time from navigation to the first interactive frame (login
// screen drawn, local storage loaded, one more animation frame), cold (fresh profile: no HTTP
// cache, no service worker) and warm (same profile, shell from the service worker). Each time
// comes with a baseline measured in the same run: a tiny static page from the same server to
// its first animation frame. Prints `name value unit` lines (make bench appends them to
// bench/results/latest.txt). Uses the e2e harness: the real server, Debian's Chromium.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  freePort, launchBrowser, seed, sleep, startServer, state, stopServer, tempDir, webRoot,
} from '../tests/e2e/harness.mjs';

const runs = Number(process.env.XUEJI_CLIENT_RUNS ?? 3);
const lines = [];
const figure = (name, value, unit) => {
  const text = `${name} ${value >= 100 ? Math.round(value) : value.toFixed(3)} ${unit}`;
  lines.push(text);
  console.log(text);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

console.log(`# 5. client: ${webRoot}, headless Chromium (swiftshader), ${runs} runs each, medians`);

// Sizes by kind.
// The base font loads before the first frame; rare-character chunks load on demand.
const kinds = { wasm: [], js: [], font: [], font_chunks: [] };
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.wasm')) kinds.wasm.push(path);
    else if (name.endsWith('.js')) kinds.js.push(path);
    else if (/\.(otf|ttf|woff2?)$/.test(name)) (/base/.test(name) ? kinds.font : kinds.font_chunks).push(path);
  }
};
walk(webRoot);
for (const [kind, files] of Object.entries(kinds)) {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gz += gzipSync(bytes).length;
  }
  figure(`client.${kind}_bytes{files=${files.length}}`, raw, 'B');
  figure(`client.${kind}_gzip_bytes{files=${files.length}}`, gz, 'B');
}

// The baseline: the same server's tiny /api/health answer, navigation to first animation frame.
const dataDir = tempDir('bench-client-data');
seed(dataDir);
const port = await freePort();
const server = await startServer(dataDir, port);

async function firstInteractiveFrame(context) {
  const page = await context.newPage();
  await page.goto(server.url, { waitUntil: 'commit' });
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      const s = await state(page);
      if (s && s.storage_loaded && s.screen === 'login') break;
    } catch { /* still loading */ }
    await sleep(5);
  }
  if (Date.now() >= deadline) throw new Error('client never reached the login screen');
  const ms = await page.evaluate(async () => {
    await window.xueji.frames(1);
    return performance.now();  // since navigation start
  });
  return { page, ms };
}

async function baselineFrame(context) {
  const page = await context.newPage();
  await page.goto(`${server.url}api/health`, { waitUntil: 'commit' });
  const ms = await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
  await page.close();
  return ms;
}

const cold = [];
const warm = [];
const base = [];
try {
  for (let i = 0; i < runs; ++i) {
    const context = await launchBrowser(tempDir('bench-client-profile'));
    try {
      base.push(await baselineFrame(context));
      const first = await firstInteractiveFrame(context);
      cold.push(first.ms);
      // Warm: once the service worker holds the shell, a new tab in the same profile.
      await first.page.evaluate(() => window.xueji.offlineReady);
      await first.page.close();
      const again = await firstInteractiveFrame(context);
      warm.push(again.ms);
      await again.page.close();
    } finally {
      await context.close();
    }
  }
} finally {
  await stopServer(server);
}
figure(`client.baseline_page_frame_ms{runs=${runs}}`, median(base), 'ms');
figure(`client.first_frame_cold_ms{runs=${runs}}`, median(cold), 'ms');
figure(`client.first_frame_warm_ms{runs=${runs}}`, median(warm), 'ms');
figure(`client.first_frame_cold_ratio_to_baseline{runs=${runs}}`, median(cold) / median(base), 'x');
figure(`client.first_frame_warm_ratio_to_baseline{runs=${runs}}`, median(warm) / median(base), 'x');
console.log('# client: search-keystroke-to-frame (5,000 students) and local commit time are not measured yet');
if (process.argv[2]) writeFileSync(process.argv[2], `${lines.join('\n')}\n`, { flag: 'a' });
