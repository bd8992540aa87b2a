// Journeys of hostile and huge inputs: whatever a colleague sends (a share link, a file)
// never hangs or blanks the page, never costs unsaved work, and is explained in plain
// words. The shapes are the ones that used to hang, crash or mislead the app.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { openApp, close, tid, waitSaved, openScreen } from './helpers.mjs';

after(close);

const envelope = (model) => ({
  format: 'interlock.kpi-model', schema: 1, app: 'a colleague', model: { organisation: { name: 'Acme' }, ...model },
});

/** A share-link fragment carrying `file` the way the app writes one. */
const shareFragment = (file) =>
  '#share=' + deflateRawSync(Buffer.from(JSON.stringify(file)), { level: 9 }).toString('base64url');

const kpi = (id, name, extra = {}) => ({
  ...(id === undefined ? {} : { id }), name, level: 'company', cadence: 'monthly', ...extra,
});

async function importBytes(page, bytes, name = 'model.json') {
  await tid(page, 'import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(bytes) });
  await tid(page, 'import-dialog').waitFor();
}


test('a share link with the largest id and a missing one opens, says what it repaired, and never comes back on reload', async () => {
  const { page, errors } = await openApp();
  // An edit waiting for its autosave when the link is pasted into this open tab.
  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill('Gross margin');
  await tid(page, 'kpi-level').selectOption({ label: 'Company' });
  await tid(page, 'kpi-save').click();
  const link = shareFragment(envelope({ kpis: [kpi(4294967295, 'Revenue'), kpi(undefined, 'Retention')] }));
  await page.evaluate((hash) => { location.hash = hash; }, link);
  await tid(page, 'import-confirm').waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the fragment is gone before the link is read');
  const repairs = await tid(page, 'import-repairs').textContent();
  assert.match(repairs, /4294967295/, repairs);
  // Reloading before deciding: no second prompt, and the edit made just before the
  // link was pasted was saved.
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.equal(await tid(page, 'import-dialog').count(), 0, 'a reload does not ask again');
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Gross margin']);
  // Opening the link again and taking it.
  await page.evaluate((hash) => { location.hash = hash; }, link);
  await tid(page, 'import-confirm').click();
  assert.deepEqual((await tid(page, 'kpi-open').allTextContents()).sort(), ['Retention', 'Revenue']);
  // A new KPI after such a file still gets an id of its own.
  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill('Net cash burn');
  await tid(page, 'kpi-level').selectOption({ label: 'Company' });
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.deepEqual((await tid(page, 'kpi-open').allTextContents()).sort(), ['Net cash burn', 'Retention', 'Revenue']);
  assert.deepEqual(errors, []);
});

test('a link that unpacks into millions of empty KPIs is refused in words, and the model is untouched', async () => {
  const { page, errors } = await openApp();
  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill('Gross margin');
  await tid(page, 'kpi-level').selectOption({ label: 'Company' });
  await tid(page, 'kpi-save').click();
  await waitSaved(page);
  // About 20 MB of `{},` once inflated: 6.5 million KPIs.
  const text = '{"format":"interlock.kpi-model","schema":1,"model":{"kpis":[' + '{},'.repeat(6_500_000) + '{}]}}';
  const link = '#share=' + deflateRawSync(Buffer.from(text), { level: 9 }).toString('base64url');
  await page.evaluate((hash) => { location.hash = hash; }, link);
  const error = await tid(page, 'import-error').textContent();
  assert.match(error, /KPIs/, error);
  assert.match(error, /at most/, error);
  await page.getByRole('button', { name: 'Close', exact: true }).first().click();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Gross margin']);
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.equal(await tid(page, 'import-dialog').count(), 0);
  assert.deepEqual(errors, []);
});

test('a file that is not UTF-8 is refused with the byte where it goes wrong', async () => {
  const { page } = await openApp();
  const good = Buffer.from(JSON.stringify(envelope({ kpis: [kpi(1, 'Revenue')] })));
  const at = good.indexOf('Revenue');
  const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff, 0xfe]), good.subarray(at)]);
  await importBytes(page, bad);
  const error = await tid(page, 'import-error').textContent();
  assert.match(error, new RegExp(`the byte at offset ${at.toLocaleString('en-US')} is not valid`), error);
  assert.equal(await tid(page, 'kpi-row').count(), 0);
});

test('absurd numbers are dropped with a word, and no view shows inf or NaN', async () => {
  const { page, errors } = await openApp();
  const file = envelope({
    kpis: [
      kpi(1, 'Revenue', { unit: 'percent', target: { value: 1.797e308 }, measurements: [['2026-01-31', 1e308], ['2026-02-28', 12]] }),
    ],
  });
  await importBytes(page, JSON.stringify(file));
  const repairs = await tid(page, 'import-repairs').textContent();
  assert.match(repairs, /Revenue/, repairs);
  await tid(page, 'import-confirm').click();
  const table = await tid(page, 'kpi-table').textContent();
  assert.doesNotMatch(table, /inf|NaN/i, table);
  await openScreen(page, 'executive');
  await page.locator('main').waitFor();
  assert.doesNotMatch(await page.locator('main').innerHTML(), /NaN|inf%/);
  assert.deepEqual(errors, []);
});

test('invisible characters cannot make two names look alike without a warning', async () => {
  const { page } = await openApp();
  // "evil" written with a right-to-left override displays as "live".
  const file = envelope({ kpis: [kpi(1, 'live'), kpi(2, '\u202Eevil'), kpi(3, 'li\u200Bve')] });
  await importBytes(page, JSON.stringify(file));
  const repairs = await tid(page, 'import-repairs').textContent();
  assert.match(repairs, /invisible|direction/i, repairs);
  await tid(page, 'import-confirm').click();
  const names = await tid(page, 'kpi-open').allTextContents();
  for (const n of names) assert.doesNotMatch(n, /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u, JSON.stringify(n));
});

test('the people screen of a 750-person organisation holds one list of names, not one per row', async () => {
  const { page, errors } = await openApp();
  const people = Array.from({ length: 750 }, (_, i) => ({ id: i + 1, name: `Person ${i + 1}`, role: 'Analyst', ...(i ? { manager: i } : {}) }));
  await importBytes(page, JSON.stringify(envelope({ people, kpis: [kpi(1, 'Revenue', { owner: { person: 1 } })] })));
  await tid(page, 'import-confirm').click();
  await openScreen(page, 'organisation');
  await tid(page, 'people').waitFor();
  const rows = await tid(page, 'person-row').count();
  assert.equal(rows, 200, 'the first page of people');
  assert.match(await tid(page, 'show-more').textContent(), /550 people not shown/);
  const options = await page.locator('option').count();
  assert.ok(options < 750 + 200 * 10, `${options} options on the page`);
  // Choosing a manager by name, and a name nobody has, which is refused in words.
  const manager = page.getByLabel('Manager of Person 3', { exact: true });
  await manager.fill('Person 1');
  await manager.press('Tab');
  await page.waitForFunction(() => document.querySelector('[aria-label="Manager of Person 3"]').value === 'Person 1');
  await manager.fill('Nobody at all');
  await manager.press('Tab');
  assert.match(await tid(page, 'person-row-error').textContent(), /No one here is called “Nobody at all”/);
  assert.equal(await manager.inputValue(), 'Person 1', 'the field shows the manager still on record');
  assert.deepEqual(errors, []);
});

test('the executive view of a model with twenty company KPIs stays one screen and says what it left out', async () => {
  const { page, errors } = await openApp();
  const kpis = Array.from({ length: 20 }, (_, i) => kpi(i + 1, `Outcome ${i + 1}`));
  await importBytes(page, JSON.stringify(envelope({ kpis })));
  await tid(page, 'import-confirm').click();
  await openScreen(page, 'executive');
  await tid(page, 'executive').waitFor();
  assert.equal(await tid(page, 'exec-company').count(), 12);
  assert.match(await tid(page, 'exec-company-more').textContent(), /and 8 more company KPIs/);
  assert.deepEqual(errors, []);
});
