// The measurements behind the closing notes. Run through scripts/bench.
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { openApp, close, tid, launch, changeStored } from '../tests/e2e/helpers.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
/** The median of some times, or a dash when there are none. */
const medianMs = (xs) => (xs.length ? `${median(xs).toFixed(1)} ms` : '—');

/** Sizes of a file: raw, gzip (level 9) and brotli (quality 11). */
async function sizes(path) {
  const buf = await readFile(path);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });

async function bundle() {
  // The first load: what the browser fetches before the first render (the page, its
  // CSS, the main module and its JS, the split loader). sw.js, the icons, the manifest
  // and the screens' modules come after it.
  const rows = [];
  const pkg = (await readdir('dist')).find((f) => f.startsWith('pkg-'));
  for (const f of await readdir('dist')) {
    if (!/\.(js|css|html)$/.test(f) || f === 'sw.js') continue;
    rows.push({ file: f.replace(/-[0-9a-f]{16}/, ''), ...(await sizes(`dist/${f}`)) });
  }
  const later = [];
  for (const f of pkg ? await readdir(`dist/${pkg}`) : []) {
    const row = { file: f.replace(/_\d{6,}/, ''), ...(await sizes(`dist/${pkg}/${f}`)) };
    (/^(interlock\.js|interlock_bg\.wasm|__wasm_split\.js)$/.test(f) ? rows : later).push(row);
  }
  const show = (r) => console.log(`${r.file.padEnd(26)} raw ${kb(r.raw).padStart(11)}  gzip ${kb(r.gzip).padStart(10)}  brotli ${kb(r.brotli).padStart(10)}`);
  console.log('\n## First load (dist/, before the first render)');
  for (const r of [...rows, { file: 'first load', ...sum(rows) }]) show(r);
  const screens = later.filter((r) => r.file.startsWith('split_')).sort((a, b) => b.gzip - a.gzip);
  const chunks = later.filter((r) => r.file.startsWith('chunk_'));
  console.log('\n## Fetched after the first render (screens, dialogs, templates)');
  for (const r of screens) show({ ...r, file: r.file.replace(/^split_|(_screen)?\.wasm$/g, '') });
  show({ file: `${chunks.length} shared chunks`, ...sum(chunks) });
  show({ file: 'all of it', ...sum(later) });
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

/**
 * Records the app's performance measures in the page as `window.__measures[name]`
 * (durations in ms), timed by event time stamps: the fixed clock of `openApp` turns
 * `performance.mark` and `performance.measure` into no-ops and freezes `performance.now`,
 * so the page's own entries would stay empty (event time stamps come in whole milliseconds
 * here, so a sub-millisecond run reads 0). The app looks `window.performance` up on
 * every mark, so replacing the two methods here catches every later one.
 */
async function recordMeasures(page) {
  await page.evaluate(() => {
    const now = () => new Event('now').timeStamp;
    const marks = new Map();
    window.__measures = {};
    performance.mark = (name) => { marks.set(name, now()); };
    performance.measure = (name, start) => {
      if (marks.has(start)) (window.__measures[name] ??= []).push(now() - marks.get(start));
    };
  });
}

/** Loads a model (template id or file), edits once, and reads the save and checks timings. */
async function modelRun(label, load) {
  const { page } = await openApp();
  await recordMeasures(page);
  await load(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'), null, { timeout: 60000 });
  // Three more edits (rename the organisation), each autosaved: median save time.
  for (let i = 0; i < 3; i++) {
    await tid(page, 'tab-organisation').click();
    await tid(page, 'org-field-name').fill(`Bench ${i}`);
    await tid(page, 'org-save').click();
    await page.waitForTimeout(900);
  }
  const saves = await page.evaluate(() => window.__measures['interlock-save'] ?? []);
  const checks = await page.evaluate(() => window.__measures['interlock-checks'] ?? []);
  // What IndexedDB holds: the current copy's text and every kept copy's.
  const stored = await changeStored(page, async (stores, head, req) => {
    const texts = await req(stores.copyText.getAll());
    return { copy: (await req(stores.copyText.get(head.revision))).length, all: texts.reduce((n, t) => n + t.length, 0), copies: texts.length };
  });
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  const json = (await stat(await download.path())).size;
  console.log(`${label.padEnd(34)} JSON ${kb(json).padStart(10)}  stored copy ${kb(stored.copy).padStart(10)}  ${stored.copies} copies kept ${kb(stored.all).padStart(10)}  autosave median ${medianMs(saves.slice(-3))}  checks median ${medianMs(checks.slice(-3))}`);
  await page.context().close();
}

const VIEWS = ['kpis', 'board', 'coverage', 'person', 'dependencies', 'executive', 'maturity', 'checks', 'rules', 'organisation', 'glossary', 'governance'];

/**
 * Start-up with a model stored, and switching views. The model is loaded once; its
 * stored copy (IndexedDB) is given to a fresh context for each start (no HTTP cache,
 * no service worker: a first visit with data, the slowest start), timed from navigation
 * start to the app's mount mark. Then each view is opened from the KPI list, timed from
 * the click to the frame after it (script, style and layout), several rounds.
 */
async function startupAndViews(label, load, runs = 7) {
  const browser = await launch();
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(process.env.APP_URL);
  await tid(page, 'org-name').waitFor();
  await load(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'), null, { timeout: 60000 });
  const storageState = await first.storageState({ indexedDB: true });
  await first.close();
  const starts = [];
  const switches = Object.fromEntries(VIEWS.map((v) => [v, []]));
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ storageState, serviceWorkers: 'block' });
    const p = await ctx.newPage();
    await p.goto(process.env.APP_URL);
    await p.waitForFunction(() => performance.getEntriesByName('interlock-mounted').length > 0, null, { timeout: 60000 });
    starts.push(await p.evaluate(() => performance.getEntriesByName('interlock-mounted')[0].startTime));
    for (const v of [...VIEWS.slice(1), 'kpis']) {
      const ms = await p.evaluate(async (id) => {
        const t0 = performance.now();
        document.querySelector(`[data-testid=tab-${id}]`).click();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      }, v);
      switches[v].push(ms);
    }
    await ctx.close();
  }
  console.log(`\n## ${label}: start-up with the model stored, and view switches (${runs} runs, medians)`);
  console.log(`first render ${median(starts).toFixed(0)} ms (min ${Math.min(...starts).toFixed(0)}, max ${Math.max(...starts).toFixed(0)})`);
  const worst = VIEWS.reduce((w, v) => (median(switches[v]) > median(switches[w]) ? v : w), VIEWS[0]);
  console.log(VIEWS.map((v) => `${v} ${median(switches[v]).toFixed(0)}`).join(' · ') + ` ms; slowest: ${worst}`);
}

/** Time to draw every chart of the largest template (executive view and maturity). */
async function chartTimes(id) {
  const { page } = await openApp();
  await recordMeasures(page);
  await tid(page, 'template-picker').selectOption(id);
  await tid(page, 'import-confirm').click();
  await tid(page, 'tab-executive').click();
  await page.waitForFunction(() => (window.__measures['interlock-chart'] ?? []).length >= 2);
  await tid(page, 'tab-maturity').click();
  await page.waitForFunction(() => (window.__measures['interlock-chart'] ?? []).length >= 3);
  const t = await page.evaluate(() => window.__measures['interlock-chart'] ?? []);
  console.log(`\n## Charts, template ${id}: ${t.length} charts drawn in ${t.reduce((a, b) => a + b, 0).toFixed(1)} ms in all (${t.map((x) => x.toFixed(1)).join(', ')} ms)`);
  await page.context().close();
}

/** The cascade board with the 1,000-KPI model: first render, one drop, DOM size. */
async function boardScale(big) {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page } = await openApp({ context });
  await tid(page, 'import-file').setInputFiles({ name: 'model-1000.json', mimeType: 'application/json', buffer: big });
  await tid(page, 'import-confirm').click({ timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'), null, { timeout: 60000 });
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const renders = [];
  for (let i = 0; i < 5; i++) {
    await tid(page, 'tab-kpis').click();
    await page.waitForTimeout(200);
    renders.push(await page.evaluate(async (f) => {
      const t0 = performance.now();
      document.querySelector('[data-testid=tab-board]').click();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }));
  }
  const dom = await page.evaluate(() => document.querySelectorAll('*').length);
  const cards = await tid(page, 'card').count();
  // A drop, by the keyboard path (deterministic): pick up a department KPI, move it to its
  // first valid target, drop; time until the next frames are drawn. Then undo it.
  const drops = [];
  for (let i = 0; i < 5; i++) {
    drops.push(await page.evaluate(async () => {
      const cardEl = document.querySelectorAll('[data-testid=lane-department] [data-testid=card]')[3];
      cardEl.focus();
      const key = (k) => cardEl.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      key(' ');
      key('ArrowDown');
      key('ArrowDown');
      const t0 = performance.now();
      key('Enter');
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }));
    await tid(page, 'rationale-skip').click();
    await tid(page, 'undo').click();
    await page.waitForTimeout(150);
  }
  console.log('\n## Cascade board, generated 1,000 KPIs (12 departments, 150 people)');
  console.log(`first render (tab click to second frame) median ${median(renders).toFixed(0)} ms (min ${Math.min(...renders).toFixed(0)})`);
  console.log(`one drop (keyboard drop to second frame) median ${median(drops).toFixed(0)} ms (min ${Math.min(...drops).toFixed(0)})`);
  console.log(`DOM elements on the page ${dom} (${cards} cards rendered; people groups folded)`);
  await context.close();
}

/** The board's DOM size with 10,000 KPIs (26 weeks of actuals, to stay under the 20 MB cap). */
async function boardDom(file) {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page } = await openApp({ context });
  await tid(page, 'import-file').setInputFiles({ name: 'model-10000.json', mimeType: 'application/json', buffer: file });
  await tid(page, 'import-confirm').click({ timeout: 120000 });
  await tid(page, 'tab-board').click({ timeout: 120000 });
  await tid(page, 'card').first().waitFor({ timeout: 120000 });
  await page.waitForTimeout(500);
  const dom = await page.evaluate(() => document.querySelectorAll('*').length);
  console.log(`generated 10,000 KPIs: DOM elements on the page ${dom} (${await tid(page, 'card').count()} cards rendered)`);
  await context.close();
}

/**
 * The day the adversarial example builds its files for (its fixed `today`): the page's
 * clock is set to it, so the actuals in the files count as they do natively.
 */
const HOSTILE_DAY = new Date('2026-11-23T12:00:00Z');

/**
 * Installs in the page `window.__now()`, the browser's own clock in milliseconds (an
 * event's time stamp: the fixed clock replaces `performance.now` and the performance
 * marks), and `window.__shown(selector)`, which resolves with that time two frames after
 * an element matching `selector` is in the page, so the time includes the frame that
 * draws it.
 */
async function installShown(page) {
  await page.evaluate(() => {
    window.__now = () => new Event('now').timeStamp;
    window.__shown = (selector) => new Promise((resolve) => {
      const drawn = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__now())));
      if (document.querySelector(selector)) return drawn();
      const watch = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          watch.disconnect();
          drawn();
        }
      });
      watch.observe(document.body, { childList: true, subtree: true });
    });
  });
}

/** Clicks the element with this test id inside the page and times until `selector` is shown. */
async function clickUntilShown(page, testid, selector) {
  return page.evaluate(async ([id, sel]) => {
    const shown = window.__shown(sel);
    const t0 = window.__now();
    document.querySelector(`[data-testid=${id}]`).click();
    return (await shown) - t0;
  }, [testid, selector]);
}

/**
 * Each hostile 10,000-KPI shape imported through the file picker, on a fresh page with
 * the clock at HOSTILE_DAY: time to the import preview (from the file's `change` event),
 * from *Replace my model* to the KPI list (with the checks), and to open the Executive
 * view (its trace) and the Maturity view (the evidence score).
 * Writes a markdown table to stdout and .bench/browser-hostile.md.
 */
async function hostileImports(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const ms = (x) => (x === undefined ? '—' : `${Math.round(x).toLocaleString('en-US')} ms`);
  const rows = [];
  for (const file of files) {
    const bytes = await readFile(`${dir}/${file}`);
    const { page, context } = await openApp({ now: HOSTILE_DAY });
    await installShown(page);
    const previewShown = page.evaluate(() => new Promise((resolve) => {
      let t0;
      window.addEventListener('change', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      window.__shown('[data-testid=import-confirm], [data-testid=import-error]').then((t) => resolve(t - t0));
    }));
    await tid(page, 'import-file').setInputFiles({ name: file, mimeType: 'application/json', buffer: bytes });
    const row = { shape: file.replace(/-\d+\.json$/, ''), size: bytes.length, preview: await previewShown };
    if (await tid(page, 'import-error').count()) {
      row.note = `refused: ${(await tid(page, 'import-error').textContent()).slice(0, 120)}`;
    } else {
      row.replace = await clickUntilShown(page, 'import-confirm', '[data-testid=kpi-row]');
      row.executive = await clickUntilShown(page, 'tab-executive', '[data-testid=executive]');
      row.maturity = await clickUntilShown(page, 'tab-maturity', '[data-testid=gaps]');
      row.total = row.preview + row.replace + row.executive + row.maturity;
    }
    rows.push(row);
    await context.close();
  }
  const table = [
    '# Hostile 10,000-KPI files in headless Chromium',
    '',
    `Release build, one fresh page per file, clock fixed at ${HOSTILE_DAY.toISOString()}. Files from`,
    '`cargo run --release --example adversarial -- SHAPE 10000`. *Preview*: the file\'s `change` event to the',
    'import preview drawn (read, size cap, parse, migrate, restore). *Replace*: *Replace my model* to the KPI',
    'list drawn (the checks run here). *Executive*: the tab to the view drawn, with the diagnostic trace of the',
    'first off-track company KPI. *Maturity*: the tab to the view drawn, with the evidence score. The issue\'s',
    'budget for load + checks + evidence + traces is 3 s; *total* adds the four columns (**bold** over it).',
    'Nothing is asserted: these machines are shared.',
    '',
    '| shape | file | preview | replace | executive | maturity | total |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.shape} | ${kb(r.size)} | ${ms(r.preview)} | ${ms(r.replace)} | ${ms(r.executive)} | ${ms(r.maturity)} | ${r.total === undefined ? (r.note ?? '—') : (r.total > 3000 ? `**${ms(r.total)}**` : ms(r.total))} |`),
    '',
  ].join('\n');
  console.log(`\n${table}`);
  await mkdir('.bench', { recursive: true });
  await writeFile('.bench/browser-hostile.md', table);
}

/**
 * The merge budget: two copies of one 1,000-KPI model (two years of weekly actuals) with
 * 100 changes each (files from `cargo run --release --example merge_budget DIR`). The
 * base replaces the model and copy A is merged in; then, three times, copy B's file is
 * picked and the time from its `change` event to the merge preview drawn is measured
 * (read, load, merge by Yrs, the report); last, *Merge into my model* to the dialog gone.
 */
async function mergeTimes(dir) {
  const { page, context } = await openApp();
  await installShown(page);
  const pick = async (name) => {
    const shown = page.evaluate(() => new Promise((resolve) => {
      let t0;
      window.addEventListener('change', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      window.__shown('[data-testid=import-confirm], [data-testid=import-error]').then((t) => resolve(t - t0));
    }));
    await tid(page, 'import-file').setInputFiles({ name, mimeType: 'application/json', buffer: await readFile(`${dir}/${name}`) });
    return shown;
  };
  await pick('merge-base.json');
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor({ timeout: 120000 });
  await pick('merge-a.json');
  await tid(page, 'import-merge').click();
  await tid(page, 'import-dialog').waitFor({ state: 'detached', timeout: 120000 });
  const previews = [];
  for (let i = 0; i < 3; i++) {
    previews.push(await pick('merge-b.json'));
    await tid(page, 'import-cancel').click();
  }
  await pick('merge-b.json');
  const summary = await tid(page, 'merge-changes-summary').textContent();
  const t0 = Date.now();
  await tid(page, 'import-merge').click();
  await tid(page, 'import-dialog').waitFor({ state: 'detached', timeout: 120000 });
  const apply = Date.now() - t0;
  console.log('\n## Merge: two 1,000-KPI copies with 100 changes each (budget 300 ms)');
  console.log('| measure | value |\n|---|---|');
  console.log(`| file picked to merge preview drawn (median of 3) | ${Math.round(median(previews))} ms (${previews.map(Math.round).join(', ')}) |`);
  console.log(`| Merge into my model to dialog closed | ${apply} ms |`);
  console.log(`| report | ${summary} |`);
  await context.close();
}

// `node scripts/bench.mjs hostile` runs only the hostile imports (scripts/bench hostile);
// `node scripts/bench.mjs templates` only the templates' sizes, autosave and checks times;
// `node scripts/bench.mjs merge` only the bundle sizes and the merge (scripts/bench merge);
// `node scripts/bench.mjs size` only the bundle sizes and the cold start (scripts/bench size);
// `node scripts/bench.mjs views` only start-up with a model stored and the view switches.
const only = process.argv[2];
if (only === 'size') {
  await bundle();
  await coldStart();
}
if (only === undefined || only === 'views') {
  await startupAndViews('template saas (the largest)', async (page) => {
    await tid(page, 'template-picker').selectOption('saas');
    await tid(page, 'import-confirm').click();
  });
  {
    await startupAndViews('generated 1,000 KPIs', async (page) => {
      const big = await readFile('target/bench/model-1000.json');
      await tid(page, 'import-file').setInputFiles({ name: 'model-1000.json', mimeType: 'application/json', buffer: big });
      await tid(page, 'import-confirm').click({ timeout: 60000 });
    });
  }
}
if (only === undefined || only === 'merge') {
  await bundle();
  if (only === undefined) await coldStart();
}
if (only === undefined || only === 'templates' || only === 'storage') {
  console.log('\n## Models: JSON export size, stored size, autosave time, checks::run time in the browser');
  for (const id of ['generic', 'retail', 'saas', 'launch', 'fragmented']) {
    await modelRun(`template ${id}`, async (page) => {
      await tid(page, 'template-picker').selectOption(id);
      await tid(page, 'import-confirm').click();
    });
  }
}
if (only === undefined || only === 'storage') {
  const big = await readFile('target/bench/model-1000.json');
  await modelRun('generated 1,000 KPIs × 104 weeks', async (page) => {
    await tid(page, 'import-file').setInputFiles({ name: 'model-1000.json', mimeType: 'application/json', buffer: big });
    await tid(page, 'import-confirm').click({ timeout: 60000 });
  });
  const huge = await readFile('target/bench/model-10000.json');
  await modelRun('generated 10,000 KPIs × 26 weeks', async (page) => {
    await tid(page, 'import-file').setInputFiles({ name: 'model-10000.json', mimeType: 'application/json', buffer: huge });
    await tid(page, 'import-confirm').click({ timeout: 120000 });
  });
}
if (only === undefined) {
  const big = await readFile('target/bench/model-1000.json');
  await chartTimes('saas');
  await boardScale(big);
  await boardDom(await readFile('target/bench/model-10000.json'));
}
if (only === undefined || only === 'merge') await mergeTimes('target/bench/merge');
if (only === undefined || only === 'hostile') await hostileImports('target/bench/hostile');
await close();
