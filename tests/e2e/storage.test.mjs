// Storage that never loses work: copies in IndexedDB, every save a new revision, the
// last three good copies kept, and a recovery screen that offers every one of them.
// Each journey is one of the ways work was lost before (issue 15's cases).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, close, tid, addKpi, waitSaved, importText, changeStored, launch } from './helpers.mjs';

after(close);

/** The stored copies' records, oldest first, and the head. */
const listStored = (page) => changeStored(page, async (stores, head, req) => ({
  head,
  copies: (await req(stores.copyMeta.getAll())).map((t) => JSON.parse(t)).sort((a, b) => a.revision - b.revision),
}));

test('a missing head with good copies opens recovery, never an empty model, and offers every copy', async () => {
  const { page, errors } = await openApp();
  await addKpi(page, 'First');
  await waitSaved(page);
  await addKpi(page, 'Second');
  await waitSaved(page);
  await changeStored(page, (stores) => { stores.meta.delete('head'); });
  await page.reload();
  await tid(page, 'recovery').waitFor();
  assert.match(await tid(page, 'recovery-problem').textContent(), /which copy is current is missing/);
  // Both copies, newest first, each with its revision and its time to the second.
  const offers = await tid(page, 'recovery-restore').allTextContents();
  assert.equal(offers.length, 2);
  assert.match(offers[0], /2 KPIs, saved .* at \d\d:\d\d:\d\d UTC \(revision 2\), the newest/);
  assert.match(offers[1], /1 KPIs, saved .* at \d\d:\d\d:\d\d UTC \(revision 1\)/);
  // Nothing was written while the screen showed.
  assert.equal((await listStored(page)).copies.length, 2);
  await tid(page, 'recovery-restore').first().click();
  await tid(page, 'kpi-row').nth(1).waitFor();
  await waitSaved(page);
  await page.reload();
  await tid(page, 'kpi-row').nth(1).waitFor();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['First', 'Second']);
  assert.deepEqual(errors, []);
});

test('two saves in the same second are both offered, told apart by revision', async () => {
  const { page } = await openApp();
  // The page clock is fixed: every save has the same time.
  await addKpi(page, 'First');
  await waitSaved(page);
  await addKpi(page, 'Second');
  await waitSaved(page);
  const { copies } = await listStored(page);
  assert.equal(copies[0].saved_ms, copies[1].saved_ms);
  await changeStored(page, (stores, head) => { stores.copyText.put('not json', head.revision + 5); stores.meta.delete('head'); });
  await page.reload();
  await tid(page, 'recovery').waitFor();
  const offers = await tid(page, 'recovery-restore').allTextContents();
  assert.match(offers[0], /2 KPIs.*revision 2/);
  assert.match(offers[1], /1 KPIs.*revision 1/);
});

test('starting empty after recovery raises no false conflict and keeps the good copies', async () => {
  const { page, errors } = await openApp();
  await addKpi(page, 'Good');
  await waitSaved(page);
  await addKpi(page, 'Also good');
  await waitSaved(page);
  await changeStored(page, (stores, head) => { stores.copyText.put('{"broken', head.revision); });
  await page.reload();
  await tid(page, 'recovery-fresh').click();
  await tid(page, 'recovery-fresh-confirm-button').click();
  await addKpi(page, 'Fresh start');
  await waitSaved(page);
  assert.equal(await tid(page, 'conflict-banner').count(), 0, 'no "another tab saved" banner');
  // The good copy is still stored beside the damaged one and the new one.
  const { head, copies } = await listStored(page);
  assert.deepEqual(copies.map((c) => c.revision), [1, 2, 3]);
  assert.equal(head.revision, 3);
  assert.deepEqual(errors, []);
});

test('the recovery download holds everything stored', async () => {
  const { page } = await openApp();
  await addKpi(page, 'Kept');
  await waitSaved(page);
  await addKpi(page, 'Lost to damage');
  await waitSaved(page);
  await changeStored(page, (stores, head) => { stores.copyText.put('{"damaged', head.revision); });
  await page.reload();
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'recovery-download-raw').click()]);
  const stored = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(stored.head.revision, 2);
  assert.deepEqual(stored.copies.map((c) => c.revision), [1, 2]);
  assert.match(stored.copies[0].text, /"Kept"/);
  assert.equal(stored.copies[1].text, '{"damaged');
});

test('closing the page right after an edit leaves the last edit or the state before it, never less', async () => {
  const b = await launch();
  const context = await b.newContext();
  const first = await openApp({ context });
  await addKpi(first.page, 'Saved before');
  await waitSaved(first.page);
  await addKpi(first.page, 'Just typed');
  await first.page.close({ runBeforeUnload: false });
  const again = await openApp({ context });
  await tid(again.page, 'kpi-row').first().waitFor();
  const names = await tid(again.page, 'kpi-open').allTextContents();
  assert.ok(
    JSON.stringify(names) === '["Saved before","Just typed"]' || JSON.stringify(names) === '["Saved before"]',
    `got ${JSON.stringify(names)}`,
  );
  await context.close();
});

test('a 10,000-KPI model with two years of weekly actuals saves and reopens', async () => {
  const { page, errors } = await openApp();
  const kpis = [];
  for (let i = 1; i <= 10_000; i++) {
    const measurements = [];
    for (let w = 0; w < 104; w++) {
      const d = new Date(Date.UTC(2024, 2, 18) + w * 7 * 86_400_000).toISOString().slice(0, 10);
      measurements.push([d, (i * 7 + w) % 1000]);
    }
    kpis.push({ id: i, name: `KPI ${i}`, level: i <= 5 ? 'company' : 'department', cadence: 'weekly', measurements });
  }
  const file = JSON.stringify({ format: 'interlock.kpi-model', schema: 1, model: { organisation: { name: 'Large Co' }, kpis } });
  assert.ok(file.length > 20_000_000, `a large file: ${file.length} bytes`);
  await importText(page, file, 'large.json');
  await tid(page, 'import-confirm').click({ timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'), null, { timeout: 120_000 });
  await page.reload();
  await tid(page, 'org-name').waitFor({ timeout: 120_000 });
  assert.equal(await tid(page, 'org-name').textContent(), 'Large Co');
  assert.equal(await tid(page, 'storage-banner').count(), 0);
  assert.deepEqual(errors, []);
});

test('what an older version kept in localStorage moves over on first start, and is then removed there', async () => {
  const { page, errors } = await openApp();
  const file = (name, at) => JSON.stringify({
    format: 'interlock.kpi-model', schema: 1, saved_at: at,
    model: { organisation: { name }, kpis: [{ id: 1, name: `${name} KPI`, level: 'company', cadence: 'monthly' }] },
  });
  await page.evaluate(([a, b]) => {
    localStorage.setItem('interlock.v1.slot.a', a);
    localStorage.setItem('interlock.v1.slot.b', b);
    localStorage.setItem('interlock.v1.head', JSON.stringify({ slot: 'b', revision: 4, writer: 'old', saved_at: '2026-03-17T09:00:00Z' }));
    indexedDB.deleteDatabase('interlock');
  }, [file('Older Co', '2026-03-16T09:00:00Z'), file('Current Co', '2026-03-17T09:00:00Z')]);
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.equal(await tid(page, 'org-name').textContent(), 'Current Co');
  assert.match(await tid(page, 'save-state').textContent(), /^Saved/);
  assert.equal(await page.evaluate(() => localStorage.getItem('interlock.v1.head')), null);
  const { copies } = await listStored(page);
  assert.equal(copies.length, 2, 'both old copies are kept');
  assert.deepEqual(errors, []);
});
