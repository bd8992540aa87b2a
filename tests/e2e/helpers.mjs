// Shared set-up for the Playwright journeys: Debian's Chromium, headless, on a closed
// network; one fresh browser context (fresh storage) per test; console errors collected
// so a test can assert the page stayed clean; the page's clock fixed, so the app's
// `today` (and everything the templates build from it) is the same on every run.
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/';

/**
 * The instant every journey runs at: Wednesday 18 March 2026, noon UTC, which is that
 * same date in every time zone from UTC-11 to UTC+11. `INTERLOCK_NOW` (any text
 * `new Date` reads) runs the whole suite on another day, to show that no assertion
 * depends on the day; a test that checks exact dates passes `now: REFERENCE_NOW` to
 * `openApp` (tests/template_days.rs compares every template's story with this day's).
 */
export const REFERENCE_NOW = new Date('2026-03-18T12:00:00Z');
export const NOW = process.env.INTERLOCK_NOW ? new Date(process.env.INTERLOCK_NOW) : REFERENCE_NOW;
if (Number.isNaN(NOW.getTime())) throw new Error(`INTERLOCK_NOW is not a date: ${process.env.INTERLOCK_NOW}`);

/** A date as the app shows it in ISO form (its local calendar day), e.g. `2026-03-18`. */
export function isoDay(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Fixes the page clock (`Date.now` and the `Date` constructor) for every page of a
 * browser context (Playwright's clock is per context). Timers (`setTimeout`,
 * `requestAnimationFrame`) keep running in real time, so the autosave and the board's
 * measuring still happen. Call before the first navigation.
 */
export async function fixClock(context, now = NOW) {
  await context.clock.setFixedTime(now);
}

const ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

let browser;

export async function launch() {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
  });
  return browser;
}

export async function close() {
  await browser?.close();
  browser = undefined;
}

/**
 * A fresh context and page with the app loaded on the fixed day `now` (default `NOW`);
 * `errors` collects console errors.
 */
export async function openApp({ context, beforeLoad, now = NOW, url = APP_URL } = {}) {
  const b = await launch();
  const ctx = context ?? (await b.newContext({ acceptDownloads: true }));
  await fixClock(ctx, now);
  const page = await ctx.newPage();
  if (beforeLoad) await beforeLoad(page);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.getByTestId('org-name').or(page.getByTestId('recovery')).first().waitFor();
  return { page, context: ctx, errors };
}

export const tid = (page, id) => page.getByTestId(id);

/**
 * Opens a screen by its tab, as a user clicks it, and waits until it is drawn: in the
 * release build a screen's code is fetched the first time it opens ("Opening…").
 */
export async function openScreen(page, key) {
  await page.getByTestId(`tab-${key}`).click();
  await page.locator('#screen > .loading').waitFor({ state: 'detached' });
}

/** Waits until the header says the model is saved. */
export async function waitSaved(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'));
}

/** Creates a KPI through the form (a company KPI unless `level` says otherwise). */
export async function addKpi(page, name, { level = 'Company' } = {}) {
  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill(name);
  await tid(page, 'kpi-level').selectOption({ label: level });
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
}

/** Opens a file in the import preview through the file picker. */
export async function importText(page, text, name = 'model.json') {
  await tid(page, 'import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await tid(page, 'import-dialog').waitFor();
}

/**
 * Runs `body(stores, head)` in the page inside one readwrite transaction on the app's
 * IndexedDB (`stores`: meta, copy_meta, copy_text; `head`: the current copy's record,
 * or null), as another tab or a damaged disk would change it. `arg` is passed along.
 */
export async function changeStored(page, body, arg) {
  return page.evaluate(async ([source, arg]) => {
    const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const db = await req(indexedDB.open('interlock'));
    const tx = db.transaction(['meta', 'copy_meta', 'copy_text'], 'readwrite');
    const stores = { meta: tx.objectStore('meta'), copyMeta: tx.objectStore('copy_meta'), copyText: tx.objectStore('copy_text') };
    const headText = await req(stores.meta.get('head'));
    const head = headText ? JSON.parse(headText) : null;
    const done = new Promise((res, rej) => { tx.oncomplete = res; tx.onabort = () => rej(tx.error); });
    const out = await (0, eval)(source)(stores, head, req, arg);
    await done;
    db.close();
    return out;
  }, [body.toString(), arg]);
}

/** Removes everything the app stored (the database goes once this page lets go of it,
 *  at the next reload). */
export async function clearStorage(page) {
  await page.evaluate(() => { localStorage.clear(); indexedDB.deleteDatabase('interlock'); });
}

/** axe-core's script, to add to a page (`page.addScriptTag({ content: AXE })`). */
export const AXE = await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** What is wrong with the page as it is now: every axe-core violation (of any impact),
 * and sideways scrolling. Empty when all is well. Each view's count goes to `tally`. */
export async function accessProblems(page, where, tally) {
  const found = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  tally?.push(`${where}: ${found.length} violations`);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) found.push(`the page scrolls sideways by ${sideways} px`);
  // A dialog is fixed in place, so it never makes the page wider: measure it itself.
  const dialogs = await page.evaluate(() => [...document.querySelectorAll('dialog[open], [role=dialog]')]
    .map((d) => Math.ceil(d.getBoundingClientRect().right - document.documentElement.clientWidth))
    .filter((over) => over > 0));
  for (const over of dialogs) found.push(`a dialog is ${over} px wider than the screen`);
  return found.map((p) => `${where}: ${p}`);
}
