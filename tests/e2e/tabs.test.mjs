// Journeys of two tabs on one model, and of leaving the page: a form left open in one
// tab never writes back values another tab changed meanwhile, and the browser asks
// before the page is left with work not yet saved. "Tabs" are two pages of one browser
// context, which share storage (two contexts do not).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, close, tid, launch, addKpi, waitSaved, openScreen, changeStored } from './helpers.mjs';

after(close);

/** Two tabs of one browser on the app, and the console errors of each. */
async function twoTabs() {
  const browser = await launch();
  const context = await browser.newContext();
  const a = await openApp({ context });
  const b = await openApp({ context });
  // Console errors of both tabs (a panic stops the app without a word on screen).
  return { context, a: a.page, b: b.page, errors: [a.errors, b.errors] };
}

/** The model as stored now (the copy the head points to), or null. */
function stored(page) {
  return changeStored(page, async (stores, head, req) =>
    head ? JSON.parse(await req(stores.copyText.get(head.revision))).model : null);
}

/** Waits until `test(model)` is true of the stored model. */
async function waitStored(page, test) {
  for (let i = 0; i < 300; i++) {
    const model = await stored(page);
    if (model && test(model)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`the stored model never satisfied ${test}`);
}

test('an organisation form left open in another tab keeps the name this tab saved', async () => {
  const { context, a, b, errors } = await twoTabs();
  // Both tabs show the organisation form; B's holds the name as it was.
  await openScreen(a, 'organisation');
  await openScreen(b, 'organisation');
  assert.equal(await tid(b, 'org-field-name').inputValue(), 'My company');

  // A renames the organisation and saves; B, with nothing unsaved, takes A's model in.
  await tid(a, 'org-field-name').fill('Northwind Group');
  await tid(a, 'org-save').click();
  await waitStored(a, (model) => model.organisation?.name === 'Northwind Group');
  await b.waitForFunction(() => document.querySelector('[data-testid=org-name]')?.textContent === 'Northwind Group');

  // B changes only the industry in the form it had open, and saves.
  await tid(b, 'org-industry').fill('Retail');
  await tid(b, 'org-save').click();
  await waitStored(b, (model) => model.organisation?.industry === 'Retail');

  const org = (await stored(b)).organisation;
  assert.equal(org.name, 'Northwind Group', "A's name is kept: B did not touch it");
  assert.equal(org.industry, 'Retail');
  // And B's form shows what is stored, so the next save cannot revert it either.
  assert.equal(await tid(b, 'org-field-name').inputValue(), 'Northwind Group');
  assert.deepEqual(errors, [[], []]);
  await context.close();
});

test('a KPI form left open in another tab keeps the actual this tab added', async () => {
  const { context, a, b, errors } = await twoTabs();
  await addKpi(a, 'Net revenue');
  await b.getByText('Net revenue').waitFor();
  // B opens the KPI's form and leaves it open.
  await tid(b, 'kpi-open').click();
  await tid(b, 'kpi-form').waitFor();

  // A adds an actual and saves; B takes A's model in (its KPI list shows the actual).
  await tid(a, 'kpi-open').click();
  await tid(a, 'actual-value').fill('12');
  await tid(a, 'actual-add').click();
  await tid(a, 'kpi-save').click();
  await tid(a, 'kpi-form').waitFor({ state: 'detached' });
  await waitStored(a, (model) => model.kpis?.[0]?.measurements?.length === 1);
  await b.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid=kpi-row] td.num')].some((td) => td.textContent.trim().startsWith('12')));

  // B edits only the description in the form it had open, and saves.
  await tid(b, 'kpi-description').fill('Revenue after refunds');
  await tid(b, 'kpi-save').click();
  await tid(b, 'kpi-form').waitFor({ state: 'detached' });
  await waitStored(b, (model) => model.kpis?.[0]?.description === 'Revenue after refunds');

  const [kpi] = (await stored(b)).kpis;
  assert.equal(kpi.description, 'Revenue after refunds');
  assert.equal(kpi.measurements?.length, 1, "A's actual is kept: B did not touch the actuals");
  assert.equal(kpi.measurements[0][1], 12);
  // The closed form is gone for good: later changes of the model (an undo) reach no
  // leftover of it.
  await tid(b, 'undo').click();
  await b.waitForFunction(() => document.querySelector('[data-testid=live]')?.textContent.startsWith('Undone'));
  assert.deepEqual(errors, [[], []]);
  await context.close();
});

test('a KPI form left open while another tab deletes the KPI says so and does not bring it back', async () => {
  const { context, a, b, errors } = await twoTabs();
  await addKpi(a, 'Churn');
  await b.getByText('Churn').waitFor();
  await tid(b, 'kpi-open').click();
  await tid(b, 'kpi-form').waitFor();

  await tid(a, 'kpi-open').click();
  await tid(a, 'kpi-delete').click();
  await tid(a, 'delete-confirm-button').click();
  await waitStored(a, (model) => (model.kpis ?? []).length === 0);

  await tid(b, 'form-gone').waitFor();
  await tid(b, 'kpi-description').fill('Customers lost per month');
  await tid(b, 'kpi-save').click();
  await tid(b, 'form-problems').waitFor();
  assert.equal(await tid(b, 'kpi-form').count(), 1, 'the form stays open with what was typed');
  assert.equal(await tid(b, 'kpi-row').count(), 0);
  assert.deepEqual((await stored(b)).kpis ?? [], []);
  assert.deepEqual(errors, [[], []]);
  await context.close();
});

test('leaving the page with changes not saved asks first; with everything saved it does not', async () => {
  const { page } = await openApp();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.type()); d.accept(); });
  await addKpi(page, 'Saved KPI');
  await waitSaved(page);
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.deepEqual(dialogs, [], 'everything was saved: no question');

  // Storage refuses every write (as when it is full): the next edit cannot be saved.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await addKpi(page, 'Unsaved KPI');
  await tid(page, 'storage-banner').waitFor();
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.deepEqual(dialogs, ['beforeunload'], 'the browser asked before the unsaved edit was lost');
  await page.context().close();
});
