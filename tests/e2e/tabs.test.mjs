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

/** The names of the KPIs stored now, sorted. */
async function storedNames(page) {
  return ((await stored(page))?.kpis ?? []).map((k) => k.name).sort();
}

/** Waits until the page lists exactly `expected` KPIs (sorted names). */
async function waitListed(page, expected) {
  await page.waitForFunction((expected) => {
    const shown = [...document.querySelectorAll('[data-testid=kpi-open]')].map((e) => e.textContent).sort();
    return JSON.stringify(shown) === JSON.stringify(expected);
  }, expected, { timeout: 20_000 });
}

/**
 * Two tabs on one saved model (its first KPI added in A and taken in by B), so both
 * hold the same edit history. (Two tabs that each start a model from nothing at the
 * same moment hold two unrelated histories: the banner asks which to keep.)
 */
async function twoTabsOnOneModel() {
  const tabs = await twoTabs();
  await addKpi(tabs.a, 'Base');
  await tabs.b.getByText('Base').waitFor();
  return tabs;
}

test('two tabs saving at the same moment both keep their edit', async () => {
  const { context, a, b, errors } = await twoTabsOnOneModel();
  // Hold the lock the app saves under, so both tabs' saves wait for it and then meet:
  // the second to write finds the first's copy newer than the one it started from.
  await a.evaluate(() => {
    window.releaseSaves = null;
    navigator.locks.request('interlock.save', () => new Promise((r) => { window.releaseSaves = r; }));
  });
  await a.waitForFunction(() => window.releaseSaves !== null);
  await addKpi(a, 'From tab A');
  await addKpi(b, 'From tab B');
  await a.waitForFunction(async () => (await navigator.locks.query()).pending.length === 2);
  await a.evaluate(() => window.releaseSaves());

  const both = ['Base', 'From tab A', 'From tab B'];
  await waitListed(a, both);
  await waitListed(b, both);
  for (const page of [a, b]) {
    assert.equal(await tid(page, 'conflict-banner').count(), 0, 'nothing to choose between');
  }
  await waitStored(a, (model) => (model.kpis ?? []).length === 3);
  await Promise.all([a.reload(), b.reload()]);
  await Promise.all([waitListed(a, both), waitListed(b, both)]);
  assert.deepEqual(errors, [[], []]);
  await context.close();
});

test('two tabs editing at random moments for a minute keep every edit', async () => {
  const { context, a, b, errors } = await twoTabsOnOneModel();
  // Pauses drawn from a fixed seed: the same run every time.
  let seed = 20261203;
  const pause = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * 900);
  };
  const made = ['Base'];
  const end = performance.now() + 60_000; // a duration, not a date
  const work = async (page, tab) => {
    for (let n = 1; n <= 90 && performance.now() < end; n++) {
      await addKpi(page, `${tab} ${String(n).padStart(3, '0')}`);
      made.push(`${tab} ${String(n).padStart(3, '0')}`);
      await page.waitForTimeout(pause());
    }
  };
  // Count the merges each tab announces (its save met the other's newer copy).
  for (const page of [a, b]) {
    await page.evaluate(() => {
      window.merges = 0;
      const live = document.querySelector('[data-testid=live]');
      new MutationObserver(() => { if (live.textContent.startsWith('Merged with')) window.merges++; })
        .observe(live, { childList: true, characterData: true, subtree: true });
    });
  }
  await Promise.all([work(a, 'A'), work(b, 'B')]);
  made.sort();
  const merges = await Promise.all([a, b].map((page) => page.evaluate(() => window.merges)));

  await waitStored(a, (model) => (model.kpis ?? []).length >= made.length);
  await Promise.all([waitListed(a, made), waitListed(b, made)]);
  await Promise.all([a.reload(), b.reload()]);
  await Promise.all([waitListed(a, made), waitListed(b, made)]);
  assert.deepEqual(await storedNames(a), made, 'every edit of both tabs is stored');
  const lost = made.length - (await storedNames(a)).length;
  const count = (tab) => made.filter((n) => n.startsWith(`${tab} `)).length;
  console.log(`interleaving: ${made.length - 1} edits (A ${count('A')}, B ${count('B')}), merges announced ${merges.join(' + ')}, ${lost} lost`);
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
