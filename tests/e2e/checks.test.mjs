// Journeys of the checks: findings of a template, highlighting, fixing by an edit,
// acknowledging (and finding the acknowledgement in the export), the rule catalogue.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, close, tid, importText, openScreen } from './helpers.mjs';

after(close);

async function loadTemplate(page, id) {
  await tid(page, 'template-picker').selectOption(id);
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
}

const finding = (page, text) => page.locator('[data-testid=finding]', { hasText: text });

test('a template shows its findings; selecting one highlights the KPIs it involves', async () => {
  const { page, errors } = await openApp();
  await loadTemplate(page, 'generic');
  assert.match(await tid(page, 'checks-badge').textContent(), /^\d+$/);
  await openScreen(page, 'checks');
  assert.match(await tid(page, 'findings-summary').textContent(), /0 error\(s\), \d+ warning\(s\)/);
  const conflict = finding(page, 'pull against each other');
  assert.equal(await conflict.count(), 1);
  assert.match(await conflict.textContent(), /“Marketing MQL volume” \(Marketing\) and “Sales-accepted lead rate” \(Sales\)/);
  await conflict.getByTestId('finding-title').click();
  assert.match(await conflict.getByTestId('finding-body').textContent(), /lead volume vs lead quality/);
  assert.deepEqual(await conflict.getByTestId('involved-kpi').allTextContents(), ['Marketing MQL volume', 'Sales-accepted lead rate']);
  await conflict.getByTestId('finding-show').click();
  await tid(page, 'highlight-bar').waitFor();
  const highlighted = await page.locator('tr.highlighted [data-testid=kpi-open]').allTextContents();
  assert.deepEqual(highlighted.sort(), ['Marketing MQL volume', 'Sales-accepted lead rate']);
  // And on the cascade board.
  await openScreen(page, 'checks');
  await conflict.getByTestId('finding-title').click();
  await conflict.getByTestId('finding-board').click();
  await tid(page, 'card').first().waitFor();
  const onBoard = await page.locator('[data-testid=card].highlighted .card-name').allTextContents();
  assert.deepEqual(onBoard.sort(), ['Marketing MQL volume', 'Sales-accepted lead rate']);
  assert.deepEqual(errors, []);
});

test('fixing the model by an edit makes the finding disappear, and undo brings it back', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'fragmented');
  await openScreen(page, 'checks');
  const goal = finding(page, '“Increase customer satisfaction” has no measurable target');
  assert.equal(await goal.count(), 1);
  await goal.getByTestId('finding-title').click();
  await goal.getByTestId('involved-kpi').click();
  await tid(page, 'kpi-form').waitFor();
  await tid(page, 'kpi-target').fill('78');
  await tid(page, 'kpi-due').fill('2027-06-30');
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  await goal.waitFor({ state: 'detached' });
  assert.equal(await finding(page, 'has no measurable target').count(), 0);
  await tid(page, 'undo').click();
  await goal.waitFor();
});

test('recording the resolution of a known conflict closes it', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'generic');
  await openScreen(page, 'checks');
  const conflict = finding(page, 'pull against each other');
  await conflict.getByTestId('finding-title').click();
  await conflict.getByTestId('finding-resolve').click();
  await conflict.getByTestId('finding-action-text').fill('Marketing is measured on sales-accepted leads from Q1');
  await conflict.getByTestId('finding-action-save').click();
  await conflict.waitFor({ state: 'detached' });
  await openScreen(page, 'governance');
  const log = await tid(page, 'change-log').textContent();
  // Moments read the way every screen writes dates; ISO stays in files.
  assert.match(log, /18 Mar 2026, 12:\d{2} UTC/);
  assert.doesNotMatch(log, /2026-03-18/);
  assert.match(log, /Record how “(Marketing MQL volume|Sales-accepted lead rate)” vs “(Marketing MQL volume|Sales-accepted lead rate)” was resolved/);
  assert.match(log, /Marketing is measured on sales-accepted leads from Q1/);
});

test('an acknowledged finding stays visible in its own group and travels in the export', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'generic');
  await openScreen(page, 'checks');
  const first = page.getByTestId('finding').first();
  const key = await first.getAttribute('data-key');
  const nextKey = await page.getByTestId('finding').nth(1).getAttribute('data-key');
  const focused = () => page.evaluate(() => document.activeElement?.dataset.testid);
  await first.getByTestId('finding-title').click();
  // The text field takes the focus; Cancel goes back to the button that opened it.
  await first.getByTestId('finding-ack').click();
  assert.equal(await focused(), 'finding-action-text');
  await first.getByTestId('finding-action-cancel').click();
  assert.equal(await focused(), 'finding-ack');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'finding-action-text');
  await page.keyboard.type('Accepted for this quarter; revisit at the yearly realignment');
  await page.keyboard.press('Enter');
  const acked = tid(page, 'acknowledged');
  await acked.waitFor();
  // Focus moves on to the next open finding, the next thing to deal with.
  await page.waitForFunction(
    (k) => document.activeElement?.closest('[data-testid=finding]')?.dataset.key === k,
    nextKey,
  );
  assert.equal(await focused(), 'finding-title');
  const inGroup = acked.locator(`[data-key="${key}"]`);
  assert.equal(await inGroup.count(), 1);
  await inGroup.getByTestId('finding-title').click();
  assert.match(await inGroup.getByTestId('ack-note').textContent(), /Accepted for this quarter/);
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(file.model.acknowledgements.map((a) => a.finding), [key]);
  assert.match(file.model.acknowledgements[0].reason, /Accepted for this quarter/);
});

test('the rule catalogue lists all eighteen rules with the model’s thresholds, which can be changed', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'fragmented');
  await openScreen(page, 'rules');
  assert.equal(await tid(page, 'catalogue-rule').count(), 18);
  const counts = tid(page, 'catalogue-rule').first();
  assert.match(await counts.textContent(), /R01 KPI counts.*3-5 company KPIs/s);
  await tid(page, 'set-company-max').fill('8');
  await tid(page, 'settings-save').click();
  await page.waitForFunction(() => /3-8 company KPIs/.test(document.querySelector('[data-testid=catalogue-rule]').textContent));
  await openScreen(page, 'checks');
  assert.equal(await finding(page, '8 company KPIs').count(), 0);
  await openScreen(page, 'rules');
  await tid(page, 'set-company-min').fill('9');
  await tid(page, 'settings-save').click();
  assert.match(await tid(page, 'settings-problem').textContent(), /range for company KPIs starts above its end \(9-8\)/);
});

test('a dependency entered in the app is checked: due after it is needed is a timing finding; a self-dependency is refused', async () => {
  const { page, errors } = await openApp();
  await loadTemplate(page, 'generic');
  const late = finding(page, '“Net profit margin” is due');
  await openScreen(page, 'checks');
  assert.equal(await late.count(), 0);

  await openScreen(page, 'dependencies');
  const before = await tid(page, 'dependency-row').count();
  // Refused, with the reason, and nothing added.
  await tid(page, 'dep-dependent').selectOption({ label: 'Revenue growth (Company)' });
  await tid(page, 'dep-prerequisite').selectOption({ label: 'Revenue growth (Company)' });
  await tid(page, 'add-dependency').click();
  assert.match(await tid(page, 'dependency-error').textContent(), /“Revenue growth” depending on “Revenue growth”: a KPI cannot depend on itself/);
  assert.equal(await tid(page, 'dependency-row').count(), before);
  // Revenue growth needs the margin work done by 1 January, long before its target date.
  await tid(page, 'dep-prerequisite').selectOption({ label: 'Net profit margin (Company)' });
  await tid(page, 'dep-needed').fill('2026-01-01');
  await tid(page, 'add-dependency').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=dependency-row]').length === n, before + 1);
  assert.equal(await tid(page, 'dependency-error').count(), 0);

  await openScreen(page, 'checks');
  await late.first().waitFor();
  assert.match(await late.first().textContent(), /“Net profit margin” is due .+, after what needs it/);
  // Undo takes the dependency, and so the finding, away.
  await tid(page, 'undo').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=finding]')].some((f) => f.textContent.includes('“Net profit margin” is due')));
  await openScreen(page, 'dependencies');
  assert.equal(await tid(page, 'dependency-row').count(), before);

  // A side effect is recorded the same way.
  const effects = await tid(page, 'influence-row').count();
  await tid(page, 'inf-from').selectOption({ label: 'Revenue growth (Company)' });
  await tid(page, 'inf-to').selectOption({ label: 'Net profit margin (Company)' });
  await tid(page, 'add-influence').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=influence-row]').length === n, effects + 1);
  assert.deepEqual(errors, []);
});

test('a finding whose fix is one edit offers it in place: rationale, owner, cadence, lock; each is one undo step', async () => {
  const { page, errors } = await openApp();
  const file = {
    format: 'interlock.kpi-model', schema: 1,
    model: {
      organisation: { name: 'Fixture Co', velocity: 'high' },
      departments: [{ id: 1, name: 'Sales' }],
      people: [{ id: 1, name: 'Ada Chief' }, { id: 2, name: 'Ben Seller', department: 1, manager: 1 }],
      kpis: [
        { id: 1, name: 'Revenue growth', level: 'company', owner: { person: 1 }, cadence: 'monthly' },
        { id: 2, name: 'Pipeline conversion', level: 'department', department: 1, cadence: 'quarterly' },
      ],
      links: [{ child: 2, parent: 1, rationale: '' }],
    },
  };
  await importText(page, JSON.stringify(file), 'fixture.json');
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
  await openScreen(page, 'checks');
  const focused = () => page.evaluate(() => document.activeElement?.dataset.testid);

  // The rationale, written where the finding says it is missing.
  const rationale = finding(page, 'has no rationale');
  await rationale.getByTestId('finding-title').click();
  await rationale.getByTestId('fix-rationale').fill('More converted deals this quarter are more booked revenue next quarter');
  await rationale.getByTestId('fix-save').click();
  await rationale.waitFor({ state: 'detached' });
  assert.match(await tid(page, 'live').textContent(), /Rationale saved/);
  assert.equal(await focused(), 'finding-title', 'focus moves on to the next finding');

  // An owner, chosen from the people of the model.
  const owner = finding(page, '“Pipeline conversion” has no owner');
  await owner.getByTestId('finding-title').click();
  assert.equal(await owner.getByTestId('fix-save').isDisabled(), true);
  await owner.getByTestId('fix-owner').selectOption({ label: 'Ben Seller' });
  await owner.getByTestId('fix-save').click();
  await owner.waitFor({ state: 'detached' });

  // The cadence that fits a high-velocity business.
  const cadence = finding(page, '“Pipeline conversion” is reviewed quarterly');
  await cadence.getByTestId('finding-title').click();
  assert.equal(await cadence.getByTestId('fix-cadence').textContent(), 'Review it weekly');
  await cadence.getByTestId('fix-cadence').click();
  await cadence.waitFor({ state: 'detached' });

  // Locking the company KPI.
  const lock = finding(page, '“Revenue growth” is not locked');
  await lock.getByTestId('finding-title').click();
  await lock.getByTestId('fix-lock').click();
  await lock.waitFor({ state: 'detached' });

  // Each fix is its own step: one undo brings back the last finding only.
  await page.keyboard.press('Control+z');
  await finding(page, '“Revenue growth” is not locked').waitFor();
  assert.equal(await finding(page, '“Pipeline conversion” is reviewed quarterly').count(), 0);
  await openScreen(page, 'kpis');
  await tid(page, 'kpi-open').filter({ hasText: 'Pipeline conversion' }).click();
  assert.equal(await tid(page, 'kpi-owner').evaluate((s) => s.options[s.selectedIndex].text), 'Ben Seller');
  assert.equal(await tid(page, 'kpi-cadence').evaluate((s) => s.options[s.selectedIndex].text), 'Weekly');
  assert.deepEqual(errors, []);
});
