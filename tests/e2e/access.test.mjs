// Every view and dialog, at a desktop width and at 360 px (a small phone), with an empty
// model and with a template loaded: axe-core finds no violation (of any impact),
// and neither the page nor a dialog is wider than the screen (wide tables scroll inside
// themselves).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, close, tid, openScreen, AXE, accessProblems as problems } from './helpers.mjs';

after(close);

const VIEWS = ['kpis', 'board', 'reviews', 'coverage', 'person', 'dependencies', 'executive', 'maturity', 'checks', 'rules', 'organisation', 'glossary', 'governance'];

for (const width of [1280, 360]) {
  for (const template of [null, 'retail']) {
    test(`every view at ${width} px ${template ? `with the ${template} template` : 'with an empty model'}: no accessibility violation, nothing wider than the screen`, async (t) => {
      const { page, context, errors } = await openApp();
      const tally = [];
      await page.setViewportSize({ width, height: 800 });
      const found = [];
      if (template) {
        await tid(page, 'template-picker').selectOption(template);
        await tid(page, 'import-dialog').waitFor();
        await page.addScriptTag({ content: AXE });
        found.push(...(await problems(page, 'the import preview', tally)));
        await tid(page, 'import-confirm').click();
        await tid(page, 'import-dialog').waitFor({ state: 'detached' });
      } else {
        await page.addScriptTag({ content: AXE });
      }
      for (const view of VIEWS) {
        await openScreen(page, `${view}`);
        await page.locator(`[data-testid=tab-${view}][aria-selected=true]`).waitFor();
        found.push(...(await problems(page, `the ${view} view`, tally)));
      }
      await openScreen(page, 'kpis');
      await tid(page, 'new-kpi').click();
      await tid(page, 'kpi-form').waitFor();
      found.push(...(await problems(page, 'the KPI form', tally)));
      if (template) {
        await page.keyboard.press('Escape');
        await tid(page, 'kpi-form').waitFor({ state: 'detached' });
        await tid(page, 'check-in-open').first().click();
        await tid(page, 'check-in').waitFor();
        found.push(...(await problems(page, 'the check-in form', tally)));
        await page.keyboard.press('Escape');
        await tid(page, 'check-in').waitFor({ state: 'detached' });
        await openScreen(page, 'reviews');
        await tid(page, 'meeting-start').click();
        await tid(page, 'presenter-kpi').waitFor();
        found.push(...(await problems(page, 'the presenter', tally)));
        await page.keyboard.press('Escape');
        await tid(page, 'presenter').waitFor({ state: 'detached' });
        await tid(page, 'quarterly-open').click();
        for (let step = 1; step <= 5; step++) {
          await page.getByText(`Step ${step} of 5`).waitFor();
          found.push(...(await problems(page, `the quarterly review, step ${step}`, tally)));
          if (step < 5) await tid(page, 'quarterly-next').click();
        }
      }
      for (const line of tally) t.diagnostic(`axe-core, ${width} px, ${template ?? 'empty'}: ${line}`);
      assert.deepEqual(found, []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
