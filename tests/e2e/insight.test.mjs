// Journeys of issue 5: the questionnaire and both scores, the executive view's charts
// (pixels actually drawn), printing on one page, the diagnostic trace, the share link,
// and spreadsheet input with a bad row.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, close, tid, launch, fixClock, REFERENCE_NOW, openScreen } from './helpers.mjs';

after(close);

async function loadTemplate(page, id) {
  await tid(page, 'template-picker').selectOption(id);
  await tid(page, 'import-confirm').click();
  await tid(page, 'kpi-row').first().waitFor();
}

async function exportModel(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  delete file.saved_at;
  // The edit history is compared by what it holds (the model), not byte for byte:
  // re-encoding an equal history may order its blocks differently.
  assert.ok(file.history, 'an export carries the edit history');
  delete file.history;
  return file;
}

/** How many pixels of a canvas are not (near) white. */
async function inkedPixels(page, testid) {
  const canvas = tid(page, testid);
  await canvas.waitFor();
  await page.waitForFunction((id) => document.querySelector(`[data-testid=${id}]`).width > 0, testid);
  return canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) n++;
    return n;
  });
}

test('answering the questionnaire shows the self-assessed score beside the evidence score, and the gap', async () => {
  const { page, errors } = await openApp();
  await loadTemplate(page, 'generic');
  await openScreen(page, 'maturity');
  assert.equal(await tid(page, 'self-score-level').textContent(), 'Not assessed yet');
  assert.equal(await tid(page, 'evidence-score-level').textContent(), 'Structured');
  // The level's description never stands alone against its own parts: the card says
  // which criteria are met and which are not, with the share the model shows.
  assert.match(await tid(page, 'evidence-score-standing').textContent(), /^Met here: .*\. Not yet: .*conflicts found and resolved \(20%\)/);
  const questions = page.locator('.question');
  const n = await questions.count();
  assert.ok(n >= 15, `${n} questions`);
  for (let i = 0; i < n; i++) {
    await questions.nth(i).getByLabel('Fully').check();
  }
  assert.equal(await tid(page, 'progress-text').textContent(), `${n} of ${n} answered`);
  assert.equal(await tid(page, 'self-score-value').textContent(), '100');
  assert.equal(await tid(page, 'self-score-level').textContent(), 'Optimized');
  // The gap is explained with the model's facts.
  assert.match(
    await tid(page, 'gap-conflicts').textContent(),
    /You answered that cross-functional conflicts are found and resolved \(100%\), but the model shows 20%: 4 cross-functional conflicts open \(e\.g\. “/,
  );
  assert.match(await tid(page, 'gap-cascade').textContent(), /Your answers \(100%\) match the model \(93%\)/);
  // Rating conflicts "Rarely" holds the self-assessment below Aligned, like the evidence.
  await tid(page, 'q-conflicts.found').getByLabel('Rarely').check();
  await tid(page, 'q-conflicts.resolved').getByLabel('Rarely').check();
  assert.equal(await tid(page, 'self-score-level').textContent(), 'Structured');
  assert.match(await tid(page, 'gap-conflicts').textContent(), /Your answers \(25%\) match the model \(20%\)/);
  assert.ok(await inkedPixels(page, 'maturity-chart') > 2000);
  // Answers persist.
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'));
  await page.reload();
  await openScreen(page, 'maturity');
  assert.equal(await tid(page, 'progress-text').textContent(), `${n} of ${n} answered`);
  // Reset, and undo the reset.
  await tid(page, 'reset-answers').click();
  await tid(page, 'reset-confirm-button').click();
  assert.equal(await tid(page, 'progress-text').textContent(), `0 of ${n} answered`);
  await tid(page, 'undo').click();
  assert.equal(await tid(page, 'progress-text').textContent(), `${n} of ${n} answered`);
  assert.deepEqual(errors, []);
});

test('the executive view shows company outcomes, leading indicators and variances, with drawn charts', async () => {
  const { page, errors } = await openApp();
  await loadTemplate(page, 'retail');
  await openScreen(page, 'executive');
  assert.equal(await tid(page, 'exec-company').count(), 3);
  assert.ok(await tid(page, 'exec-leading').count() >= 6);
  // Numbers carry their unit: revenue growth is a percentage, actual against target.
  const growth = tid(page, 'exec-company').filter({ hasText: 'Revenue growth' }).locator('.tile-numbers');
  assert.match(await growth.textContent(), /^\d+(\.\d+)?% \/ 20%$/);
  assert.match(await tid(page, 'variances').textContent(), /Customer retention/);
  assert.ok(await inkedPixels(page, 'trend-chart') > 3000, 'the trend chart is drawn');
  assert.ok(await inkedPixels(page, 'findings-chart') > 1000, 'the findings chart is drawn');
  // Legends say what each mark is, below their chart: never over a point or a bar.
  assert.deepEqual(await tid(page, 'trend-chart-legend').locator('li').allTextContents(), ['Actual', 'Target', 'On track', 'At risk', 'Off track']);
  assert.deepEqual(await tid(page, 'findings-chart-legend').locator('li').allTextContents(), ['Errors', 'Warnings', 'Notes']);
  for (const chart of ['trend-chart', 'findings-chart']) {
    const canvas = await tid(page, chart).boundingBox();
    const legend = await tid(page, `${chart}-legend`).boundingBox();
    assert.ok(legend.y >= canvas.y + canvas.height, `${chart}: the legend is below the drawing`);
  }
  // The trend's time axis spans its actuals (the retail template's weekly year), and
  // its text equivalent says from when to when.
  assert.match(await tid(page, 'trend-chart').getAttribute('aria-label'), / from \d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}: latest /);
  // High-DPI: the canvas has more pixels than CSS pixels when devicePixelRatio > 1.
  const browser = await launch();
  const ctx = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } });
  const hi = await openApp({ context: ctx });
  await loadTemplate(hi.page, 'retail');
  await openScreen(hi.page, 'executive');
  await inkedPixels(hi.page, 'trend-chart');
  const [w, cssW] = await tid(hi.page, 'trend-chart').evaluate((c) => [c.width, c.clientWidth]);
  assert.equal(w, cssW * 2);
  await ctx.close();
  // A chart downloads as a PNG.
  const [png] = await Promise.all([page.waitForEvent('download'), tid(page, 'trend-chart-png').click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.deepEqual(errors, []);
});

test('the diagnostic trace names the earliest off-track indicator as the likely origin', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'retail');
  await openScreen(page, 'executive');
  // The same words on any day (tests/template_days.rs builds the template on every day).
  const day = String.raw`\d{1,2} [A-Z][a-z]{2} \d{4}`;
  assert.match(
    await tid(page, 'trace-summary').textContent(),
    new RegExp(`^“Returning-customer campaign response rate” went off track on ${day}, 3 weeks before “Customer retention” did \\(${day}\\): the likely origin\\.$`),
  );
  const rows = await tid(page, 'trace-row').allTextContents();
  assert.match(rows[0], /Returning-customer campaign response rate.*likely origin/);
  assert.match(rows[1], /Repeat purchase rate/);
});

test('on the reference day the trace gives the dates of both off-track starts', async () => {
  const { page } = await openApp({ now: REFERENCE_NOW });
  await loadTemplate(page, 'retail');
  await openScreen(page, 'executive');
  assert.equal(
    await tid(page, 'trace-summary').textContent(),
    '“Returning-customer campaign response rate” went off track on 12 Jan 2026, 3 weeks before “Customer retention” did (31 Jan 2026): the likely origin.',
  );
});

test('the executive view prints on one page', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'retail');
  await openScreen(page, 'executive');
  await tid(page, 'exec-company').first().waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await tid(page, 'trace').isVisible(), false, 'the trace is not printed');
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.equal(pages, 1);
});

test('a share link opens in a new page with the same model, after asking', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'launch');
  const original = await exportModel(page);
  await tid(page, 'share').click();
  const link = await tid(page, 'share-link').inputValue();
  assert.match(link, /#share=[A-Za-z0-9_-]+$/);
  const browser = await launch();
  const other = await browser.newContext({ acceptDownloads: true });
  await fixClock(other);
  const next = await other.newPage();
  await next.goto(link);
  await tid(next, 'import-dialog').waitFor();
  assert.match(await tid(next, 'import-dialog').textContent(), /Import a share link/);
  await tid(next, 'import-confirm').click();
  await tid(next, 'kpi-row').first().waitFor();
  assert.doesNotMatch(await next.url(), /#share=/, 'the fragment is cleared after use');
  const shared = await exportModel(next);
  assert.deepEqual(shared, original);
  await other.close();
});

test('a damaged share link gives a clear error and changes nothing', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'generic');
  const before = await tid(page, 'kpi-row').count();
  await page.goto(page.url().split('#')[0] + '#share=thisIsNotAModel');
  await tid(page, 'import-error').waitFor();
  const error = await tid(page, 'import-error').textContent();
  assert.match(error, /This link cannot be imported/);
  assert.doesNotMatch(error, /\bfile\b/, 'a link is not called a file');
  assert.match(error, /This share link is damaged or incomplete/);
  assert.match(error, /has not been changed/);
  await page.keyboard.press('Escape');
  assert.equal(await tid(page, 'kpi-row').count(), before);
});

test('pasted actuals with a bad row name the row and add nothing; a clean paste adds them in one step', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'generic');
  await tid(page, 'kpi-open').first().click();
  await tid(page, 'paste-actuals').click();
  await tid(page, 'paste-text').fill('date,value\n2027-01-04,12.5\n2027-01-11,twelve\n2027-01-18,13');
  assert.match(await tid(page, 'paste-errors').textContent(), /Row 3: “twelve” is not a number/);
  assert.equal(await tid(page, 'paste-add').isDisabled(), true);
  await tid(page, 'paste-text').fill('date;value\n2027-01-04;12,5\n2027-01-11;13');
  assert.match(await tid(page, 'paste-summary').textContent(), /2 actual\(s\) read/);
  await tid(page, 'paste-add').click();
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.match(await tid(page, 'live').textContent(), /Record actuals for/);
  await tid(page, 'undo').click();
  assert.match(await tid(page, 'live').textContent(), /Undone: Record actuals/);
});

test('a KPI list from a spreadsheet names each bad row; once fixed it adds every KPI as one undoable step', async () => {
  const { page } = await openApp();
  await loadTemplate(page, 'retail');
  const before = await tid(page, 'kpi-row').count();
  await tid(page, 'import-csv').click();
  const bad = 'name,level,department,owner,parent,target\n' +
    'Basket size,team,E-commerce,Jakub Kowalski,Average order value,3\n' +
    'Returns rate,department,Operations,,Revenue growth,lots\n';
  await tid(page, 'csv-text').fill(bad);
  assert.match(await tid(page, 'csv-errors').textContent(), /Row 3: target “lots” is not a number/);
  assert.equal(await tid(page, 'csv-apply').isDisabled(), true);
  await tid(page, 'csv-text').fill(bad.replace('lots', '4'));
  assert.match(await tid(page, 'csv-summary').textContent(), /2 KPI\(s\), 2 link\(s\), 0 new department\(s\), 0 new person\(s\)/);
  await tid(page, 'csv-apply').click();
  await tid(page, 'csv-import').waitFor({ state: 'detached' });
  assert.equal(await tid(page, 'kpi-row').count(), before + 2);
  await tid(page, 'undo').click();
  assert.equal(await tid(page, 'kpi-row').count(), before);
});
