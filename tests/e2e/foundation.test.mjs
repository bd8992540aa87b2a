// Journeys of the foundation: persistence, import/export, hostile files, quota, two
// tabs, corrupt storage. Each test starts from a fresh browser context (empty storage).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, close, tid, launch, NOW, isoDay, addKpi, waitSaved, importText, openScreen, changeStored, clearStorage } from './helpers.mjs';

after(close);



async function exportText(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}


test('a KPI created in the form is still there after a reload', async () => {
  const { page, errors } = await openApp();
  await addKpi(page, 'Revenue growth');
  await waitSaved(page);
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Revenue growth']);
  // The header tells the truth about the copy it opened: saved, not "not saved yet".
  assert.match(await tid(page, 'save-state').textContent(), /^Saved /);
  assert.deepEqual(errors, []);
});

test('the form names a mistake beside its field and saves nothing', async () => {
  const { page } = await openApp();
  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill('Pipeline');
  await tid(page, 'kpi-level').selectOption({ label: 'Department' });
  await tid(page, 'kpi-target').fill('lots');
  await tid(page, 'kpi-save').click();
  assert.match(await tid(page, 'error-kpi-target').textContent(), /“lots” is not a number/);
  assert.match(await tid(page, 'error-kpi-department').textContent(), /Choose the department/);
  // The user is taken to the first field that needs attention, not left on the button.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'kpi-department');
  assert.match(await tid(page, 'form-problems').textContent(), /2 fields need attention/);
  await page.keyboard.press('Escape');
  await tid(page, 'discard-confirm').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.equal(await tid(page, 'kpi-row').count(), 0);
});

test('an empty model shows its first steps: a spreadsheet import, then a company KPI first', async () => {
  const { page, errors } = await openApp();
  const level = () => tid(page, 'kpi-level').evaluate((s) => s.options[s.selectedIndex].text);
  await tid(page, 'empty-model').waitFor();
  await tid(page, 'empty-import-csv').click();
  await tid(page, 'csv-import').waitFor();
  await page.keyboard.press('Escape');
  await tid(page, 'csv-import').waitFor({ state: 'detached' });

  await tid(page, 'empty-new-kpi').click();
  assert.equal(await level(), 'Company', 'the first KPI of an empty model is a company KPI');
  await tid(page, 'kpi-name').fill('Revenue growth');
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.equal(await tid(page, 'empty-model').count(), 0);

  await tid(page, 'new-kpi').click();
  assert.equal(await level(), 'Department', 'with a company KPI in place, the next one feeds it');
  assert.deepEqual(errors, []);
});

test('closing a form with typed changes asks first; Enter keeps the work, and an untouched form just closes', async () => {
  const { page, errors } = await openApp();
  await tid(page, 'new-kpi').click();
  // The form's code may still be arriving: Escape is for the form once it is open.
  await tid(page, 'kpi-form').waitFor();
  await page.keyboard.press('Escape');
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });

  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill('Net revenue retention');
  await page.keyboard.press('Escape');
  await tid(page, 'discard-question').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'discard-keep');
  await page.keyboard.press('Enter');
  await tid(page, 'discard-question').waitFor({ state: 'detached' });
  assert.equal(await tid(page, 'kpi-name').inputValue(), 'Net revenue retention');

  await page.getByRole('button', { name: 'Close' }).click();
  await tid(page, 'discard-confirm').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.equal(await tid(page, 'kpi-row').count(), 0);

  // The spreadsheet import asks too, once something is pasted.
  await tid(page, 'import-csv').click();
  await tid(page, 'csv-text').fill('name\nPipeline');
  await page.keyboard.press('Escape');
  await tid(page, 'discard-question').waitFor();
  await tid(page, 'discard-confirm').click();
  await tid(page, 'csv-import').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('choosing a team KPI\'s owner fills in their department', async () => {
  const { page, errors } = await openApp();
  await tid(page, 'template-picker').selectOption('retail');
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
  await tid(page, 'new-kpi').click();
  await tid(page, 'kpi-name').fill('Checkout completion');
  await tid(page, 'kpi-level').selectOption({ label: 'Team / person' });
  const jakub = await tid(page, 'kpi-owner').locator('option', { hasText: 'Jakub Kowalski' }).getAttribute('value');
  await tid(page, 'kpi-owner').selectOption(jakub);
  const department = () => tid(page, 'kpi-department').evaluate((s) => s.options[s.selectedIndex].text);
  assert.equal(await department(), 'E-commerce');
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('adding people by keyboard: Enter adds one, and the name field is ready for the next', async () => {
  const { page, errors } = await openApp();
  await openScreen(page, 'organisation');
  await tid(page, 'new-person').focus();
  for (const [i, name] of ['Ana Ruiz', 'Ben Okafor'].entries()) {
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=person-row]').length === n, i + 1);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'new-person');
    assert.equal(await tid(page, 'new-person').inputValue(), '');
    assert.match(await tid(page, 'live').textContent(), new RegExp(`Added “${name}”`));
  }
  assert.deepEqual(await tid(page, 'person-row').locator('input[aria-label=Name]').evaluateAll((xs) => xs.map((x) => x.value)), ['Ana Ruiz', 'Ben Okafor']);
  assert.deepEqual(errors, []);
});

test('undo and redo with the keyboard and the buttons', async () => {
  const { page } = await openApp();
  await addKpi(page, 'Gross margin');
  await addKpi(page, 'Net cash burn');
  assert.equal(await tid(page, 'kpi-row').count(), 2);
  await page.locator('body').click();
  await page.keyboard.press('Control+z');
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Gross margin']);
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await tid(page, 'kpi-row').count(), 2);
  await tid(page, 'undo').click();
  await tid(page, 'undo').click();
  assert.equal(await tid(page, 'kpi-row').count(), 0);
  assert.equal(await tid(page, 'undo').isDisabled(), true);
  await tid(page, 'redo').click();
  assert.equal(await tid(page, 'kpi-row').count(), 1);
});

test('a template exported, cleared and imported again gives the same model', async () => {
  const { page, errors } = await openApp();
  await tid(page, 'template-picker').selectOption('retail');
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
  const rows = await tid(page, 'kpi-row').count();
  await waitSaved(page);
  const first = await exportText(page);
  // Named after the day the app thinks it is: the journeys' fixed day, not the real one.
  assert.match(first.name, new RegExp(`^[a-z0-9-]+-kpis-${isoDay(NOW)}\\.json$`));
  // Clear: wipe storage and reload to an empty app.
  await clearStorage(page);
  await page.reload();
  await tid(page, 'empty-model').waitFor();
  await importText(page, first.text, first.name);
  assert.match(await tid(page, 'import-counts').textContent(), new RegExp(`KPIs0${rows}`));
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
  assert.equal(await tid(page, 'kpi-row').count(), rows);
  const second = await exportText(page);
  // The edit history travels too; its bytes may be ordered differently once re-encoded.
  const strip = (t) => { const v = JSON.parse(t); assert.ok(v.history); delete v.saved_at; delete v.history; return v; };
  assert.deepEqual(strip(second.text), strip(first.text));
  assert.deepEqual(errors, []);
});

test('a malformed file is refused with the path of the problem and the model is unchanged', async () => {
  const { page } = await openApp();
  await addKpi(page, 'Customer retention');
  const bad = JSON.stringify({ format: 'interlock.kpi-model', schema: 1, model: { kpis: [{ name: 'x', cadence: 'fortnightly' }] } });
  await importText(page, bad, 'bad.json');
  const msg = await tid(page, 'import-error').textContent();
  assert.match(msg, /cannot be imported/);
  assert.match(msg, /model\.kpis\[0\]\.cadence/);
  assert.match(msg, /unknown variant `fortnightly`/);
  assert.match(msg, /has not been changed/);
  await page.keyboard.press('Escape');
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Customer retention']);

  await importText(page, '{"format": "interlock.kpi-model", "schema": 1, "model": {', 'cut.json');
  assert.match(await tid(page, 'import-error').textContent(), /not valid JSON.*line 1/);
});

test('names with HTML and script in a file are shown as text and never run', async () => {
  const { page, errors } = await openApp();
  const evil = '<img src=x onerror="window.__pwned=1">';
  const script = '<script>window.__pwned=2</script>';
  const file = {
    format: 'interlock.kpi-model', schema: 1,
    model: {
      organisation: { name: evil },
      people: [{ id: 1, name: script }],
      kpis: [{ id: 1, name: script, level: 'company', cadence: 'monthly', owner: { person: 1 } }],
    },
  };
  await importText(page, JSON.stringify(file), 'evil.json');
  assert.match(await tid(page, 'import-about').textContent(), /onerror/);
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
  assert.equal(await tid(page, 'org-name').textContent(), evil);
  assert.equal(await tid(page, 'kpi-open').first().textContent(), script);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

test('when storage is full a banner says so, export still works, and nothing is lost', async () => {
  const { page } = await openApp();
  await addKpi(page, 'Inventory turnover');
  await waitSaved(page);
  // The browser refuses every write as it does when the disk or the quota is full.
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await addKpi(page, 'Shrinkage');
  await tid(page, 'storage-banner').waitFor();
  assert.match(await tid(page, 'storage-banner').textContent(), /not being saved.*full/);
  assert.equal(await tid(page, 'save-state').textContent(), 'Not saved');
  assert.equal(await tid(page, 'kpi-row').count(), 2, 'the model in memory is intact');
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'banner-export').click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(exported.model.kpis.map((k) => k.name), ['Inventory turnover', 'Shrinkage']);
  // Space again: the next save succeeds and the banner goes.
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await tid(page, 'banner-retry').click();
  await tid(page, 'storage-banner').waitFor({ state: 'detached' });
  await page.reload();
  await tid(page, 'kpi-row').nth(1).waitFor();
});

test('an edit saved in one tab appears in another tab on the same model', async () => {
  const browser = await launch();
  const context = await browser.newContext();
  const a = await openApp({ context });
  const b = await openApp({ context });
  await addKpi(a.page, 'Repeat purchase rate');
  await b.page.getByText('Repeat purchase rate').waitFor();
  assert.match(await tid(b.page, 'live').textContent(), /another tab/);
  // And back: an edit in the second tab reaches the first.
  await addKpi(b.page, 'Average order value');
  await a.page.getByText('Average order value').waitFor();
  assert.equal(await tid(a.page, 'kpi-row').count(), 2);
  await context.close();
});

/**
 * Two tabs, B with unsaved work (its clock paused, so its autosave waits), when a newer
 * copy lands in storage: written as another tab would, with `change(file)` applied to
 * the stored file first, and announced on the app's channel.
 */
async function unsavedMeetsNewer(change) {
  const browser = await launch();
  const context = await browser.newContext();
  const a = await openApp({ context });
  // (Switching tabs would flush B's edits: the test above takes that path. The installed
  // clock starts at the journeys' fixed instant, not the real one.)
  const b = await openApp({ context, beforeLoad: (page) => page.clock.install({ time: NOW }) });
  await addKpi(a.page, 'Base KPI');
  await b.page.getByText('Base KPI').waitFor();
  await addKpi(b.page, 'From B');
  const revision = await changeStored(a.page, async (stores, head, req, change) => {
    const file = JSON.parse(await req(stores.copyText.get(head.revision)));
    file.model.kpis.push({ id: 99, name: 'From elsewhere', level: 'company', cadence: 'monthly' });
    (0, eval)(change)(file);
    const next = { revision: head.revision + 1, saved_ms: head.saved_ms + 1, writer: 'elsewhere' };
    stores.copyText.put(JSON.stringify(file), next.revision);
    stores.copyMeta.put(JSON.stringify(next), next.revision);
    stores.meta.put(JSON.stringify(next), 'head');
    return next.revision;
  }, change.toString());
  await a.page.evaluate((r) => new BroadcastChannel('interlock.saved').postMessage(r), revision);
  return { context, a: a.page, b: b.page };
}

const names = (page) => tid(page, 'kpi-open').allTextContents().then((n) => n.sort());

test('unsaved work in one tab and a newer save from another are merged: both are kept', async () => {
  // The other copy was edited outside the app too (its readable model holds a KPI its
  // history does not): that counts as well.
  const { context, a, b } = await unsavedMeetsNewer(() => {});
  await b.getByText('From elsewhere').waitFor();
  const all = ['Base KPI', 'From B', 'From elsewhere'];
  assert.deepEqual(await names(b), all, 'B kept its own work and took in the other');
  assert.equal(await tid(b, 'conflict-banner').count(), 0, 'nothing to choose between');
  // B saved the merged model, and the first tab takes it in.
  await a.getByText('From B').waitFor();
  assert.deepEqual(await names(a), all);
  await b.reload();
  await tid(b, 'kpi-open').first().waitFor();
  assert.deepEqual(await names(b), all);
  await context.close();
});

test('a newer copy that cannot be merged with unsaved work: the user chooses', async () => {
  // Saved without its edit history (as an older version would): nothing to merge with.
  const { context, a, b } = await unsavedMeetsNewer((file) => { delete file.history; });
  await tid(b, 'conflict-banner').waitFor();
  assert.match(await tid(b, 'conflict-banner').textContent(), /cannot be combined/);
  assert.deepEqual(await names(b), ['Base KPI', 'From B'], 'B kept its own work');
  await tid(b, 'conflict-keep-mine').click();
  await tid(b, 'conflict-banner').waitFor({ state: 'detached' });
  await a.getByText('From B').waitFor();
  assert.deepEqual(await names(a), ['Base KPI', 'From B']);
  await context.close();
});

test('corrupt stored data opens the recovery screen, which restores the last good copy', async () => {
  const { page, errors } = await openApp();
  await addKpi(page, 'First');
  await waitSaved(page);
  await addKpi(page, 'Second');
  await waitSaved(page);
  await changeStored(page, (stores, head) => {
    stores.copyText.put('{"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [', head.revision);
  });
  await page.reload();
  await tid(page, 'recovery').waitFor();
  assert.match(await tid(page, 'recovery-problem').textContent(), /not valid JSON/);
  // The download holds everything stored, the damaged copy as it is.
  const [raw] = await Promise.all([page.waitForEvent('download'), tid(page, 'recovery-download-raw').click()]);
  const stored = JSON.parse(await readFile(await raw.path(), 'utf8'));
  assert.equal(stored.copies.at(-1).text, '{"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [');
  assert.match(await tid(page, 'recovery-restore').first().textContent(), /1 KPIs/);
  await tid(page, 'recovery-restore').first().click();
  await tid(page, 'kpi-row').first().waitFor();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['First']);
  await waitSaved(page);
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['First']);
  assert.deepEqual(errors, []);
});

test('a file dropped anywhere on the page opens the import preview', async () => {
  const { page } = await openApp();
  const file = JSON.stringify({ format: 'interlock.kpi-model', schema: 1, model: { organisation: { name: 'Dropped Co' }, kpis: [{ id: 1, name: 'Dropped KPI', level: 'company', cadence: 'monthly' }] } });
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return d;
  }, file);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.locator('.drop-hint').waitFor();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await tid(page, 'import-dialog').waitFor();
  assert.match(await tid(page, 'import-dialog').textContent(), /Import “dropped\.json”/);
  assert.match(await tid(page, 'import-about').textContent(), /Dropped Co/);
  await tid(page, 'import-confirm').click();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Dropped KPI']);
  assert.equal(await page.locator('.drop-hint').count(), 0);
});
