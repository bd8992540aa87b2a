// Journeys of the operating rhythm: an owner checks in on a KPI (actual, confidence,
// forecast, the variance explained, an action), and the next check-in shows the
// previous one and carries its open action. The clock is fixed (18 Mar 2026), so the
// review periods are the same on every run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, close, tid, addKpi, waitSaved, changeStored, importText, openScreen } from './helpers.mjs';

after(close);

/** The model as stored now. */
function stored(page) {
  return changeStored(page, async (stores, head, req) =>
    head ? JSON.parse(await req(stores.copyText.get(head.revision))).model : null);
}

test('checking in with an action, then again with the previous check-in in view, by keyboard', async () => {
  const { page, context, errors } = await openApp();
  await addKpi(page, 'Net revenue');
  await tid(page, 'check-in-open').click();
  await tid(page, 'check-in').waitFor();
  // February ended without a check-in: this one reports on it. The actual has the focus.
  assert.match(await tid(page, 'check-in-period').textContent(), /1 Feb 2026 .* 28 Feb 2026/);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'check-in-actual');
  await page.keyboard.type('120');
  await tid(page, 'check-in-confidence-at-risk').check();
  await tid(page, 'check-in-forecast').fill('150');
  await tid(page, 'check-in-forecast-for').fill('2026-06-30');
  await tid(page, 'check-in-variance').fill('Two renewals slipped to April.');
  // An action: Enter in its field adds it and leaves the focus there for the next one.
  await tid(page, 'check-in-action-due').fill('2026-03-31');
  await tid(page, 'check-in-action-new').fill('Call the top 20 accounts');
  await tid(page, 'check-in-action-new').press('Enter');
  assert.equal(await tid(page, 'check-in-action').count(), 1);
  assert.equal(await tid(page, 'check-in-action-what').inputValue(), 'Call the top 20 accounts');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'check-in-action-new');
  // Ctrl+Enter saves from any field.
  await page.keyboard.press('Control+Enter');
  await tid(page, 'check-in').waitFor({ state: 'detached' });
  assert.match(await tid(page, 'live').textContent(), /Checked in on Net revenue/);
  // The actual is among the KPI's actuals now.
  assert.match(await tid(page, 'kpi-row').locator('td.num').first().textContent(), /120/);

  // The next check-in is for March, with February's in view and its action carried.
  await tid(page, 'check-in-open').click();
  await tid(page, 'check-in').waitFor();
  assert.match(await tid(page, 'check-in-period').textContent(), /1 Mar 2026 .* 31 Mar 2026/);
  const previous = await tid(page, 'check-in-previous').textContent();
  for (const part of [/At risk/, /actual 120/, /forecast 150 by 30 Jun 2026/, /Two renewals slipped/, /Call the top 20 accounts, by 31 Mar 2026, open/]) {
    assert.match(previous, part);
  }
  assert.equal(await tid(page, 'check-in-action-what').inputValue(), 'Call the top 20 accounts');
  assert.equal(await tid(page, 'check-in-forecast').inputValue(), '150', 'the forecast starts from the last one');
  await tid(page, 'check-in-action-state').selectOption('done');
  await tid(page, 'check-in-actual').fill('131');
  await tid(page, 'check-in-confidence-on-track').check();
  await tid(page, 'check-in-save').click();
  await tid(page, 'check-in').waitFor({ state: 'detached' });
  const latest = () => tid(page, 'kpi-row').locator('td.num').first().textContent();
  assert.match(await latest(), /131/);
  // One undo takes the check-in back with its actual; redo brings both again.
  await tid(page, 'undo').click();
  await page.waitForFunction(() => /120/.test(document.querySelector('[data-testid=kpi-row] td.num')?.textContent));
  await tid(page, 'redo').click();
  await page.waitForFunction(() => /131/.test(document.querySelector('[data-testid=kpi-row] td.num')?.textContent));
  await waitSaved(page);

  // Both are stored, with the action's state carried.
  const model = await stored(page);
  assert.equal(model.check_ins.length, 2);
  // (Dated today, in the period running now, so its actual is already the latest.)
  const march = model.check_ins.find((c) => c.period === '2026-03-18');
  assert.equal(march.actual, 131);
  assert.equal(march.actions[0].state, 'done');

  // After a reload, March's check-in opens to be changed, as saved.
  await page.reload();
  await tid(page, 'check-in-open').click();
  await tid(page, 'check-in').waitFor();
  assert.match(await tid(page, 'check-in-period').textContent(), /already checked in/);
  assert.equal(await tid(page, 'check-in-actual').inputValue(), '131');
  assert.equal(await tid(page, 'check-in-action-state').inputValue(), 'done');
  assert.match(await tid(page, 'check-in-history').textContent(), /Earlier check-ins \(1\)/);
  await page.keyboard.press('Escape');
  await tid(page, 'check-in').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a check-in with mistakes names each beside its field and saves nothing', async () => {
  const { page, context, errors } = await openApp();
  await addKpi(page, 'Churn');
  await waitSaved(page);
  await tid(page, 'check-in-open').click();
  await tid(page, 'check-in').waitFor();
  await tid(page, 'check-in-actual').fill('12 %');
  await tid(page, 'check-in-forecast').fill('9');
  await tid(page, 'check-in-save').click();
  await tid(page, 'check-in-problems').waitFor();
  assert.equal(await tid(page, 'error-check-in-actual').textContent(), 'The actual: \u201c12 %\u201d is not a number.');
  assert.equal(await tid(page, 'error-check-in-forecast-for').textContent(), 'Give the date the forecast is for.');
  assert.equal(await tid(page, 'check-in').count(), 1, 'the form stays open with what was typed');
  assert.equal((await stored(page)).check_ins, undefined, 'nothing was saved');
  // Closing with typed changes asks first; the safe answer keeps the work.
  await page.keyboard.press('Escape');
  await tid(page, 'discard-question').waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await tid(page, 'check-in-actual').inputValue(), '12 %');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the executive view scores forecasts against the actuals that arrived, by quarter and department', async () => {
  const { page, context, errors } = await openApp();
  await openScreen(page, 'executive');
  await tid(page, 'forecast-none').waitFor();

  // Three forecasts of monthly revenue, each a month ahead: 80 for December (the actual
  // was 100: 20% off), 90 for January (100: 10%) and 108 for February (110: 1.8%).
  const checkIn = (id, period, on, forecast, date) =>
    ({ id, kpi: 1, period, on, forecast, forecast_for: date });
  const file = {
    format: 'interlock.kpi-model', schema: 1,
    model: {
      organisation: { name: 'Forecast Co' },
      kpis: [{ id: 1, name: 'Net revenue', level: 'company', cadence: 'monthly',
        measurements: [['2025-12-31', 100], ['2026-01-31', 100], ['2026-02-28', 110]] }],
      check_ins: [
        checkIn(1, '2025-11-30', '2025-12-02', 80, '2025-12-31'),
        checkIn(2, '2025-12-31', '2026-01-02', 90, '2026-01-31'),
        checkIn(3, '2026-01-31', '2026-02-02', 108, '2026-02-28'),
      ],
    },
  };
  await importText(page, JSON.stringify(file));
  await tid(page, 'import-confirm').click();
  await tid(page, 'import-dialog').waitFor({ state: 'detached' });
  await openScreen(page, 'executive');
  await tid(page, 'forecast-company').waitFor();
  assert.match(await tid(page, 'forecast-company').textContent(), /10\.6% .*3 forecasts scored/);
  // Made in the last quarter of 2025: 20%; in the first of 2026: (10 + 1.8) / 2.
  const quarters = await tid(page, 'forecast-quarters').locator('tbody tr').allTextContents();
  assert.equal(quarters.length, 2);
  assert.match(quarters[0], /1 Oct 2025.*20\.0%1/);
  assert.match(quarters[1], /1 Jan 2026.*5\.9%2/);
  assert.match(await tid(page, 'forecast-trend').textContent(), /Down from 20\.0% to 5\.9% .* a 70\.\d% cut/);
  assert.match(await tid(page, 'forecast-departments').textContent(), /Company KPIs10\.6%3/);
  assert.deepEqual(errors, []);
  await context.close();
});
