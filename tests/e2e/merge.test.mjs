// Two colleagues start from one exported file, each edits their copy, and one merges
// the other's export back: the preview says what the colleague changed and where both
// changed the same thing, the merged model holds both people's work, undo takes the
// merge back as one step, and a reload keeps the merged model.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, close, tid, launch, addKpi, waitSaved, importText } from './helpers.mjs';

after(close);


async function exportText(page) {
  await waitSaved(page);
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}



async function rename(page, from, to) {
  await tid(page, 'kpi-open').filter({ hasText: from }).first().click();
  await tid(page, 'kpi-name').fill(to);
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
}

const names = (page) => tid(page, 'kpi-open').allTextContents();

test('a colleague\'s copy merges back: both people\'s work, conflicts named, one undo step, kept on reload', async () => {
  const a = await openApp();
  await tid(a.page, 'template-picker').selectOption('retail');
  await tid(a.page, 'import-confirm').click();
  await tid(a.page, 'kpi-row').first().waitFor();
  const base = await exportText(a.page);
  assert.ok(JSON.parse(base.text).history, 'an export carries the edit history');
  const [first, second] = (await names(a.page)).slice(0, 2);

  // The colleague, in another browser profile, starts from the same file.
  const b = await openApp({ context: await (await launch()).newContext({ acceptDownloads: true }) });
  await importText(b.page, base.text, base.name);
  await tid(b.page, 'import-confirm').click();
  await tid(b.page, 'kpi-row').first().waitFor();
  await rename(b.page, second, 'Renamed by the colleague');
  await addKpi(b.page, 'Added by the colleague');
  const theirs = await exportText(b.page);

  // Meanwhile, in the first copy: a different KPI, and the same KPI differently.
  await rename(a.page, first, 'Renamed here');
  await rename(a.page, second, 'Also renamed here');
  await addKpi(a.page, 'Added here');
  await waitSaved(a.page);
  const before = (await names(a.page)).sort();

  await importText(a.page, theirs.text, theirs.name);
  const report = tid(a.page, 'merge-report');
  await report.waitFor();
  const text = await report.textContent();
  assert.match(text, /KPI “Added by the colleague” — added/);
  assert.doesNotMatch(text, /Added here/, 'the report lists the colleague\'s changes, not mine');
  const conflict = await tid(a.page, 'change-conflict').allTextContents();
  assert.equal(conflict.length, 1, text);
  assert.match(conflict[0], /name: changed on both sides/);
  assert.match(conflict[0], /Renamed by the colleague/);
  assert.match(conflict[0], /Also renamed here/);

  await tid(a.page, 'import-merge').click();
  await tid(a.page, 'import-dialog').waitFor({ state: 'detached' });
  const merged = await names(a.page);
  for (const n of ['Renamed here', 'Added here', 'Added by the colleague']) assert.ok(merged.includes(n), `${n} in ${merged}`);
  const kept = merged.filter((n) => n === 'Renamed by the colleague' || n === 'Also renamed here');
  assert.equal(kept.length, 1, 'one name won the conflict');
  assert.ok(conflict[0].includes(`“${kept[0]}” kept`), 'the preview named the value that won');

  // Undo takes the whole merge back; redo brings it again.
  await tid(a.page, 'undo').click();
  assert.deepEqual((await names(a.page)).sort(), before);
  await tid(a.page, 'redo').click();
  assert.deepEqual((await names(a.page)).sort(), [...merged].sort());

  // Merging the same file again finds nothing new.
  await importText(a.page, theirs.text, theirs.name);
  assert.equal(await tid(a.page, 'merge-changes-summary').textContent(), 'no changes');
  await tid(a.page, 'import-cancel').click();

  await waitSaved(a.page);
  await a.page.reload();
  await tid(a.page, 'kpi-row').first().waitFor();
  assert.deepEqual((await names(a.page)).sort(), [...merged].sort());
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});

test('a file started separately cannot be merged, and the preview lists how it differs', async () => {
  const { page, errors } = await openApp();
  await addKpi(page, 'Only in my model');
  await waitSaved(page);
  const file = {
    format: 'interlock.kpi-model', schema: 1,
    model: { kpis: [{ id: 1, name: 'Only in the file', level: 'company', cadence: 'monthly' }] },
  };
  await importText(page, JSON.stringify(file), 'other.json');
  assert.match(await tid(page, 'merge-note').textContent(), /no edit history/);
  assert.equal(await tid(page, 'import-merge').count(), 0);
  await tid(page, 'import-differences').locator('summary').click();
  const diff = await tid(page, 'difference-list').textContent();
  assert.match(diff, /Only in my model/);
  assert.match(diff, /Only in the file/);
  await tid(page, 'import-cancel').click();
  assert.deepEqual(await names(page), ['Only in my model']);
  assert.deepEqual(errors, []);
});
