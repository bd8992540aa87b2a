// Keyboard only: a new department KPI created and linked under a company KPI, counting
// every key a person presses (Tab, Enter, Space, arrows: "action keys"; letters typed
// into fields counted apart). Two ways: the KPI form's "Feeds" field, and the form
// followed by the board's keyboard drag. Both must work without a mouse, focus must land
// where the next key is wanted, and the counts are printed for the closing report.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, close, tid, openScreen } from './helpers.mjs';

after(close);

const MODEL = {
  format: 'interlock.kpi-model', schema: 1,
  model: {
    organisation: { name: 'Keys Co', velocity: 'standard' },
    departments: [{ id: 1, name: 'Sales', head: 1 }],
    people: [{ id: 1, name: 'Sam Ortiz', role: 'VP Sales', department: 1 }],
    kpis: [{ id: 1, name: 'Revenue', level: 'company', owner: { person: 1 }, cadence: 'monthly' }],
  },
};

/** Counts what a keyboard user presses. */
function keyboard(page) {
  const count = { action: 0, typed: 0 };
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
  return {
    count,
    focused,
    async press(key) {
      count.action += 1;
      await page.keyboard.press(key);
    },
    async type(text) {
      count.typed += text.length;
      await page.keyboard.type(text);
    },
    /** Presses Tab (Shift+Tab with `back`) until `testid` has the focus (at most 60 times). */
    async tabTo(testid, { back = false } = {}) {
      for (let i = 0; i < 60; i++) {
        if ((await focused()) === testid) return;
        count.action += 1;
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      }
      assert.fail(`Tab never reached ${testid}`);
    },
  };
}

async function open() {
  const { page, errors } = await openApp();
  await tid(page, 'import-file').setInputFiles({ name: 'keys.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(MODEL)) });
  await tid(page, 'import-confirm').click();
  await tid(page, 'import-dialog').waitFor({ state: 'detached' });
  // Start from nothing focused, as after opening the page.
  await page.evaluate(() => document.activeElement?.blur());
  return { page, errors };
}

/** The new KPI's fields up to its owner, by keyboard; the form's own focus rules apply. */
async function startKpi(page, keys) {
  await keys.tabTo('tab-kpis');
  await keys.press('Enter');
  await keys.tabTo('new-kpi');
  await keys.press('Enter');
  await tid(page, 'kpi-form').waitFor();
  assert.equal(await keys.focused(), 'kpi-name', 'the form opens with its name field focused');
  await keys.type('Pipeline');
  await keys.tabTo('kpi-owner');
  await keys.type('Sam');
  assert.equal(await tid(page, 'kpi-department').inputValue(), '1', 'the owner’s department is filled in');
}

async function linked(page) {
  await openScreen(page, 'board');
  await page.locator('path.wire[data-link="2>1"]').waitFor({ state: 'attached' });
}

test('by keyboard only, the KPI form creates a KPI and links it in one step', async (t) => {
  const { page, errors } = await open();
  const keys = keyboard(page);
  await startKpi(page, keys);
  await keys.tabTo('kpi-feeds');
  await keys.type('Rev');
  await keys.tabTo('kpi-feeds-why');
  await keys.type('Converted pipeline is next quarter revenue');
  await keys.press('Enter');
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  assert.equal(await keys.focused(), 'new-kpi', 'focus returns to the button that opened the form');
  t.diagnostic(`keystrokes, form path: ${keys.count.action} action keys + ${keys.count.typed} typed characters`);
  // 48 before the tabs became one Tab stop and the form could link, 19 before the
  // header's toolbar did; a new stop in the way (a field before the owner) shows here.
  assert.ok(keys.count.action <= 15, `${keys.count.action} action keys`);
  await linked(page);
  // One step: one undo takes back the KPI and its link.
  await page.keyboard.press('Control+z');
  await page.locator('[data-testid=card]:has(.card-name:text-is("Pipeline"))').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('the KPI form has its name field focused from the moment it appears', async () => {
  // Focused a frame later, the form left the focus on "New KPI" for that frame, and a
  // key typed then was lost. Read in the first task after the form is in the page.
  const { page, errors } = await open();
  await page.evaluate(() => {
    window.focusOnArrival = new Promise((done) => {
      new MutationObserver((_, watch) => {
        if (!document.querySelector('[data-testid=kpi-form]')) return;
        watch.disconnect();
        setTimeout(() => done(document.activeElement?.getAttribute('data-testid')), 0);
      }).observe(document.body, { childList: true, subtree: true });
    });
  });
  await tid(page, 'new-kpi').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.focusOnArrival), 'kpi-name');
  assert.deepEqual(errors, []);
});

test('by keyboard only, the board links a new KPI: pick it up, walk to the parent, drop, say why', async (t) => {
  const { page, errors } = await open();
  const keys = keyboard(page);
  await startKpi(page, keys);
  await keys.press('Control+Enter');
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
  // Back to the tabs (one stop), then the arrow opens the next screen, the board.
  await keys.tabTo('tab-kpis', { back: true });
  await keys.press('ArrowRight');
  assert.equal(await keys.focused(), 'tab-board');
  const card = page.locator('[data-testid=card]:has(.card-name:text-is("Pipeline"))');
  await card.waitFor();
  for (let i = 0; i < 60 && !(await card.evaluate((c) => c.contains(document.activeElement))); i++) {
    await keys.press('Tab');
  }
  assert.ok(await card.evaluate((c) => c.contains(document.activeElement)), 'Tab reaches the new card');
  await keys.press('Space');
  for (let i = 0; i < 10 && !(await tid(page, 'live').textContent()).includes('Revenue'); i++) {
    await keys.press('ArrowUp');
  }
  await keys.press('Enter');
  await tid(page, 'rationale-input').waitFor();
  assert.equal(await keys.focused(), 'rationale-input', 'the rationale box takes the focus after the drop');
  await keys.type('Converted pipeline is next quarter revenue');
  await keys.press('Enter');
  t.diagnostic(`keystrokes, board path: ${keys.count.action} action keys + ${keys.count.typed} typed characters`);
  // 31 before the header's toolbar became one Tab stop.
  assert.ok(keys.count.action <= 27, `${keys.count.action} action keys`);
  await page.locator('path.wire[data-link="2>1"]').waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
});
