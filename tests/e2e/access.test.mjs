// Every view and dialog, at a desktop width and at 360 px (a small phone), with an empty
// model and with a template loaded: axe-core finds no serious or critical violation,
// and neither the page nor a dialog is wider than the screen (wide tables scroll inside
// themselves).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, close, tid } from './helpers.mjs';

after(close);

const AXE = await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const VIEWS = ['kpis', 'board', 'coverage', 'person', 'dependencies', 'executive', 'maturity', 'checks', 'rules', 'organisation', 'glossary', 'governance'];

/** What is wrong with the page as it is now: axe's serious and critical violations, and
 * sideways scrolling. Empty when all is well. */
async function problems(page, where) {
  const found = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) found.push(`the page scrolls sideways by ${sideways} px`);
  // A dialog is fixed in place, so it never makes the page wider: measure it itself.
  const dialogs = await page.evaluate(() => [...document.querySelectorAll('dialog[open], [role=dialog]')]
    .map((d) => Math.ceil(d.getBoundingClientRect().right - document.documentElement.clientWidth))
    .filter((over) => over > 0));
  for (const over of dialogs) found.push(`a dialog is ${over} px wider than the screen`);
  return found.map((p) => `${where}: ${p}`);
}

for (const width of [1280, 360]) {
  for (const template of [null, 'retail']) {
    test(`every view at ${width} px ${template ? `with the ${template} template` : 'with an empty model'}: no serious accessibility problem, nothing wider than the screen`, async () => {
      const { page, context, errors } = await openApp();
      await page.setViewportSize({ width, height: 800 });
      const found = [];
      if (template) {
        await tid(page, 'template-picker').selectOption(template);
        await tid(page, 'import-dialog').waitFor();
        await page.addScriptTag({ content: AXE });
        found.push(...(await problems(page, 'the import preview')));
        await tid(page, 'import-confirm').click();
        await tid(page, 'import-dialog').waitFor({ state: 'detached' });
      } else {
        await page.addScriptTag({ content: AXE });
      }
      for (const view of VIEWS) {
        await tid(page, `tab-${view}`).click();
        await page.locator(`[data-testid=tab-${view}][aria-selected=true]`).waitFor();
        found.push(...(await problems(page, `the ${view} view`)));
      }
      await tid(page, 'tab-kpis').click();
      await tid(page, 'new-kpi').click();
      await tid(page, 'kpi-form').waitFor();
      found.push(...(await problems(page, 'the KPI form')));
      assert.deepEqual(found, []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
