// The measurements behind the closing notes. Run through scripts/bench.
import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { openApp, close, tid, launch } from '../tests/e2e/helpers.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function bundle() {
  const rows = [];
  for (const f of await readdir('dist')) {
    if (!/\.(wasm|js|css)$/.test(f)) continue;
    const buf = await readFile(`dist/${f}`);
    rows.push({
      file: f.replace(/-[0-9a-f]{16}/, ''),
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  console.log('\n## Bundle (dist/)');
  for (const r of [...rows, { file: 'total', ...total }]) {
    console.log(`${r.file.padEnd(22)} raw ${kb(r.raw).padStart(11)}  gzip ${kb(r.gzip).padStart(10)}  brotli ${kb(r.brotli).padStart(10)}`);
  }
}

async function coldStart(runs = 9) {
  const browser = await launch();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(process.env.APP_URL);
    await page.waitForFunction(() => performance.getEntriesByName('interlock-mounted').length > 0);
    times.push(await page.evaluate(() => performance.getEntriesByName('interlock-mounted')[0].startTime));
    await ctx.close();
  }
  console.log(`\n## Cold start to first render (navigation start → app mounted), ${runs} runs, fresh profile each`);
  console.log(`median ${median(times).toFixed(0)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
}

/** Loads a model (template id or file), edits once, and reads the save and checks timings. */
async function modelRun(label, load) {
  const { page } = await openApp();
  await load(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'), null, { timeout: 60000 });
  // Three more edits (rename the organisation), each autosaved: median save time.
  for (let i = 0; i < 3; i++) {
    await tid(page, 'tab-organisation').click();
    await tid(page, 'org-field-name').fill(`Bench ${i}`);
    await tid(page, 'org-save').click();
    await page.waitForTimeout(900);
  }
  const saves = await page.evaluate(() => performance.getEntriesByName('interlock-save').map((e) => e.duration));
  const checks = await page.evaluate(() => performance.getEntriesByName('interlock-checks').map((e) => e.duration));
  const stored = await page.evaluate(() => {
    let chars = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      chars += k.length + localStorage.getItem(k).length;
    }
    const head = JSON.parse(localStorage.getItem('interlock.v1.head'));
    return { chars, slot: localStorage.getItem(`interlock.v1.slot.${head.slot}`).length };
  });
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  const json = (await stat(await download.path())).size;
  console.log(`${label.padEnd(34)} JSON ${kb(json).padStart(10)}  stored slot ${kb(stored.slot).padStart(10)}  both copies ${(stored.chars * 2 / 1048576).toFixed(2)} MiB of UTF-16 (of 5 MiB: ${stored.chars * 2 < 5 * 1048576 ? 'fits' : 'DOES NOT FIT'})  autosave median ${median(saves.slice(-3)).toFixed(1)} ms  checks median ${median(checks.slice(-3)).toFixed(1)} ms`);
  await page.context().close();
}

await bundle();
await coldStart();
console.log('\n## Models: JSON export size, stored size, autosave time, checks::run time in the browser');
for (const id of ['generic', 'retail', 'saas', 'launch', 'fragmented']) {
  await modelRun(`template ${id}`, async (page) => {
    await tid(page, 'template-picker').selectOption(id);
    await tid(page, 'import-confirm').click();
  });
}
const big = await readFile('target/bench/model-1000.json');
await modelRun('generated 1,000 KPIs × 104 weeks', async (page) => {
  await tid(page, 'import-file').setInputFiles({ name: 'model-1000.json', mimeType: 'application/json', buffer: big });
  await tid(page, 'import-confirm').click({ timeout: 60000 });
});
await close();
