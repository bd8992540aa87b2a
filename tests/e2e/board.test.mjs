// Journeys of the cascade board: real mouse drags (down, move in steps, up) that link,
// add a second parent, re-parent and are refused with a reason; unlinking from a
// connector; undo of a drag; persistence; the keyboard path; the menu path; the
// announcements; and the coverage matrix's empty row.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, close, tid, launch, openScreen } from './helpers.mjs';

after(close);

// Revenue (1) and Retention (2) at company level; Pipeline (10, Sales) under Revenue;
// Leads (11, Marketing) unlinked; Calls (100, Sam's, Sales) under Pipeline;
// Brand awareness (3) fed by nothing.
const MODEL = {
  format: 'interlock.kpi-model', schema: 1,
  model: {
    organisation: { name: 'Board Co', velocity: 'standard' },
    departments: [{ id: 1, name: 'Sales', head: 1 }, { id: 2, name: 'Marketing', head: 2 }],
    people: [
      { id: 1, name: 'Sam Ortiz', role: 'VP Sales', department: 1 },
      { id: 2, name: 'Mia Chen', role: 'CMO', department: 2 },
    ],
    kpis: [
      { id: 1, name: 'Revenue', level: 'company', owner: { person: 1 }, cadence: 'monthly' },
      { id: 2, name: 'Retention', level: 'company', owner: { person: 2 }, cadence: 'monthly' },
      { id: 3, name: 'Brand awareness', level: 'company', owner: { person: 2 }, cadence: 'monthly' },
      { id: 10, name: 'Pipeline', level: 'department', department: 1, owner: { person: 1 }, indicator: 'leading', cadence: 'weekly' },
      { id: 11, name: 'Leads', level: 'department', department: 2, owner: { person: 2 }, indicator: 'leading', cadence: 'weekly' },
      { id: 100, name: 'Calls', level: 'team', department: 1, owner: { person: 1 }, indicator: 'leading', kind: 'activity', cadence: 'weekly' },
    ],
    links: [
      { child: 10, parent: 1, rationale: 'Converted pipeline is next quarter revenue' },
      { child: 100, parent: 10, rationale: 'Qualified calls create pipeline within weeks' },
    ],
  },
};

async function openBoard() {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { page, errors } = await openApp({ context });
  await tid(page, 'import-file').setInputFiles({ name: 'board.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(MODEL)) });
  await tid(page, 'import-confirm').click();
  await openScreen(page, 'board');
  await card(page, 'Calls').waitFor();
  await page.waitForTimeout(150); // connectors are measured on the next frame
  return { page, context, errors };
}

const card = (page, name) => page.locator(`[data-testid=card]:has(.card-name:text-is("${name}"))`);
const wire = (page, child, parent) => page.locator(`path.wire[data-link="${child}>${parent}"]`);
const live = async (page) => (await tid(page, 'live').textContent()).trim();

/** Clicks a connector on its stroke, halfway along it. */
async function clickWire(page, child, parent) {
  const { x, y } = await wire(page, child, parent).evaluate((path) => {
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    return { x: p.x * m.a + m.e, y: p.y * m.d + m.f };
  });
  await page.mouse.click(x, y);
}

/** A real pointer drag: press on the card's left side, move in steps, release on the target. */
async function drag(page, from, to, { shift = false } = {}) {
  const a = await card(page, from).boundingBox();
  const b = await (typeof to === 'string' ? card(page, to) : to).boundingBox();
  await page.mouse.move(a.x + 20, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 40, a.y + a.height / 2 + 5, { steps: 4 });
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.move(b.x + b.width / 3, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}

test('dragging an unlinked card onto a company KPI links it, asks for the rationale, and undo takes it back', async () => {
  const { page, errors } = await openBoard();
  assert.equal(await wire(page, 11, 2).count(), 0);
  await drag(page, 'Leads', 'Retention');
  await wire(page, 11, 2).waitFor({ state: 'attached' });
  assert.equal(await live(page), 'Linked “Leads” under “Retention”');
  await tid(page, 'rationale-prompt').waitFor();
  await tid(page, 'rationale-input').fill('More qualified leads become loyal customers within a year');
  await tid(page, 'rationale-save').click();
  await clickWire(page, 11, 2);
  assert.match(await tid(page, 'link-bar').textContent(), /More qualified leads become loyal customers/);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z'); // the rationale
  await page.keyboard.press('Control+z'); // the drag
  await wire(page, 11, 2).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('a plain drop re-parents a linked card; with Shift it adds a second parent; both survive a reload', async () => {
  const { page } = await openBoard();
  await drag(page, 'Pipeline', 'Retention');
  await wire(page, 10, 2).waitFor({ state: 'attached' });
  assert.equal(await wire(page, 10, 1).count(), 0);
  assert.equal(await live(page), 'Moved “Pipeline” from under “Revenue” to under “Retention”');
  await tid(page, 'rationale-skip').click();
  await drag(page, 'Pipeline', 'Revenue', { shift: true });
  await wire(page, 10, 1).waitFor({ state: 'attached' });
  assert.equal(await wire(page, 10, 2).count(), 1, 'the first parent is kept');
  assert.equal(await live(page), 'Linked “Pipeline” under “Revenue” as well');
  await tid(page, 'rationale-skip').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Saved'));
  await page.reload();
  await openScreen(page, 'board');
  await card(page, 'Pipeline').waitFor();
  await wire(page, 10, 1).waitFor({ state: 'attached' });
  assert.equal(await wire(page, 10, 2).count(), 1);
});

test('an invalid drop is refused with its reason while dragging and changes nothing', async () => {
  const { page } = await openBoard();
  const a = await card(page, 'Calls').boundingBox();
  const b = await card(page, 'Revenue').boundingBox();
  await page.mouse.move(a.x + 20, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + 30, b.y + b.height / 2, { steps: 12 });
  assert.match(await tid(page, 'drop-refusal').textContent(), /A link must go exactly one level up: “Calls” is a team KPI and “Revenue” a company KPI/);
  assert.match(await card(page, 'Revenue').getAttribute('class'), /over drop-no/);
  assert.match(await card(page, 'Retention').getAttribute('class'), /drop-no/);
  assert.match(await card(page, 'Leads').getAttribute('class'), /drop-ok/, 'a department KPI is a valid target');
  await page.mouse.up();
  assert.match(await live(page), /^Not dropped: A link must go exactly one level up/);
  assert.equal(await wire(page, 100, 1).count(), 0);
  assert.equal(await wire(page, 100, 10).count(), 1);
});

test('Escape cancels a drag', async () => {
  const { page } = await openBoard();
  const a = await card(page, 'Leads').boundingBox();
  const b = await card(page, 'Revenue').boundingBox();
  await page.mouse.move(a.x + 20, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + 30, b.y + b.height / 2, { steps: 10 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  assert.equal(await live(page), 'Cancelled: “Leads” was not moved');
  assert.equal(await wire(page, 11, 1).count(), 0);
});

test('dragging a card onto another department group moves it there', async () => {
  const { page } = await openBoard();
  await drag(page, 'Leads', page.getByTestId('group-dept-1').locator('.group-head'));
  assert.equal(await live(page), 'Moved “Leads” to Sales');
  assert.equal(await tid(page, 'group-dept-1').locator('[data-testid=card]').count(), 2);
});

test('a connector can be selected and the link removed', async () => {
  const { page } = await openBoard();
  await clickWire(page, 100, 10);
  assert.match(await tid(page, 'link-bar').textContent(), /“Calls” → “Pipeline”.*Qualified calls create pipeline/);
  await tid(page, 'link-remove').click();
  await wire(page, 100, 10).waitFor({ state: 'detached' });
  assert.equal(await live(page), 'Unlink “Calls” from “Pipeline”');
});

const focusedCard = (page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid=card]')?.querySelector('.card-name').textContent ?? document.activeElement?.dataset.testid);

test('the keyboard path: Space picks up, arrows walk the valid targets, Enter drops', async () => {
  const { page } = await openBoard();
  await card(page, 'Leads').focus();
  await page.keyboard.press('Space');
  assert.equal(await live(page), 'Picked up “Leads”. 4 places to drop it: arrow keys choose, Enter drops, Shift+Enter adds a parent, Escape cancels.');
  await page.keyboard.press('ArrowDown');
  assert.equal(await live(page), 'Over “Revenue” (1 of 4)');
  // Left at the first place stays there rather than wrapping to the far end.
  await page.keyboard.press('ArrowLeft');
  assert.match(await live(page), /^That is the first place/);
  assert.match(await card(page, 'Revenue').getAttribute('class'), /over drop-ok/);
  await page.keyboard.press('ArrowRight');
  assert.equal(await live(page), 'Over “Retention” (2 of 4)');
  assert.match(await card(page, 'Retention').getAttribute('class'), /over drop-ok/);
  await page.keyboard.press('Enter');
  await wire(page, 11, 2).waitFor({ state: 'attached' });
  assert.equal(await live(page), 'Linked “Leads” under “Retention”');
  // The rationale is asked for where the user is, and Enter there returns to the card.
  assert.equal(await focusedCard(page), 'rationale-input');
  await page.keyboard.type('More leads, more renewals to win');
  await page.keyboard.press('Enter');
  await tid(page, 'rationale-prompt').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid=card]'));
  assert.equal(await focusedCard(page), 'Leads');
  // And cancelling with Escape.
  await card(page, 'Calls').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Escape');
  assert.equal(await live(page), 'Cancelled: “Calls” was not moved');
});

test('the menu path links, adds a parent and unlinks without dragging', async () => {
  const { page } = await openBoard();
  await card(page, 'Leads').getByTestId('card-menu').click();
  const menu = tid(page, 'card-menu-popup');
  await menu.waitFor();
  assert.deepEqual(await menu.getByTestId('menu-link').allTextContents(), ['“Revenue”', '“Retention”', '“Brand awareness”']);
  await menu.getByTestId('menu-link').filter({ hasText: 'Brand awareness' }).click();
  await wire(page, 11, 3).waitFor({ state: 'attached' });
  assert.equal(await live(page), 'Linked “Leads” under “Brand awareness”');
  await tid(page, 'rationale-skip').click();
  await card(page, 'Leads').getByTestId('card-menu').click();
  await tid(page, 'card-menu-popup').getByTestId('menu-add-parent').filter({ hasText: 'Revenue' }).click();
  await wire(page, 11, 1).waitFor({ state: 'attached' });
  await tid(page, 'rationale-skip').click();
  await card(page, 'Leads').getByTestId('card-menu').click();
  await tid(page, 'card-menu-popup').getByTestId('menu-unlink').filter({ hasText: 'Brand awareness' }).click();
  await wire(page, 11, 3).waitFor({ state: 'detached' });
  assert.equal(await wire(page, 11, 1).count(), 1);
  // Escape closes the menu and returns focus to the card's menu button.
  await card(page, 'Leads').getByTestId('card-menu').click();
  await page.keyboard.press('Escape');
  await tid(page, 'card-menu-popup').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-testid')), 'card-menu');
});

test('the coverage matrix shows an empty row for a company KPI nobody feeds, and opens the board there', async () => {
  const { page } = await openBoard();
  await openScreen(page, 'coverage');
  const rows = tid(page, 'coverage-row');
  assert.equal(await rows.count(), 3);
  const brand = rows.filter({ hasText: 'Brand awareness' });
  assert.equal(await brand.getByTestId('unowned').count(), 1);
  assert.equal(await brand.locator('td.empty').count(), 2);
  const revenue = rows.filter({ hasText: 'Revenue' });
  assert.equal(await revenue.getByTestId('unowned').count(), 0);
  assert.match(await revenue.getByTestId('coverage-cell').first().textContent(), /Pipeline/);
  await brand.getByTestId('coverage-cell').first().locator('button').click();
  await card(page, 'Brand awareness').waitFor();
  // The board focuses the card once it is drawn (a frame or a few after it appears).
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid=card]')?.querySelector('.card-name')?.textContent === 'Brand awareness');
});

test('the person view shows what a person’s KPIs feed and who depends on them', async () => {
  const { page } = await openBoard();
  await openScreen(page, 'person');
  await tid(page, 'person-pick').selectOption({ label: 'Sam Ortiz' });
  const calls = tid(page, 'person-kpi').filter({ hasText: 'Calls' });
  assert.match(await calls.getByTestId('person-feeds').textContent(), /“Pipeline” \(department\) → “Revenue” \(company\)/);
});

test('hovering or focusing a card highlights its whole path up and down', async () => {
  const { page } = await openBoard();
  await card(page, 'Pipeline').hover();
  for (const name of ['Pipeline', 'Revenue', 'Calls']) {
    assert.match(await card(page, name).getAttribute('class'), /on-path/, name);
  }
  assert.doesNotMatch(await card(page, 'Leads').getAttribute('class'), /on-path/);
  assert.match(await wire(page, 10, 1).getAttribute('class'), /on-path/);
  await card(page, 'Leads').focus();
  assert.doesNotMatch(await card(page, 'Pipeline').getAttribute('class'), /on-path/);
});

/** Dispatches a touch pointer event at the centre of an element (or a point). */
async function touch(page, type, where) {
  const box = typeof where === 'string' ? await card(page, where).boundingBox() : where;
  const x = box.x + (box.width ?? 0) / 3;
  const y = box.y + (box.height ?? 0) / 2;
  await page.evaluate(({ type, x, y }) => {
    const target = document.elementFromPoint(x, y) ?? document.body;
    target.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, buttons: 1, clientX: x, clientY: y }));
  }, { type, x, y });
}

test('on a touch screen a long press picks a card up; a quick swipe does not', async () => {
  const { page } = await openBoard();
  // A swipe: the finger moves before the long press completes.
  await touch(page, 'pointerdown', 'Leads');
  const leads = await card(page, 'Leads').boundingBox();
  await touch(page, 'pointermove', { x: leads.x + 60, y: leads.y + 40 });
  await page.waitForTimeout(600);
  assert.doesNotMatch(await card(page, 'Leads').getAttribute('class'), /picked/);
  await touch(page, 'pointerup', { x: leads.x + 60, y: leads.y + 40 });
  // A long press, then a drag onto Retention.
  await touch(page, 'pointerdown', 'Leads');
  await page.waitForTimeout(600);
  assert.match(await card(page, 'Leads').getAttribute('class'), /picked/);
  assert.equal(await live(page), 'Picked up “Leads”');
  await touch(page, 'pointermove', 'Retention');
  await touch(page, 'pointerup', 'Retention');
  await wire(page, 11, 2).waitFor({ state: 'attached' });
});

test('on a phone, a finger links a card by long press and drag, and the card menu fits and links too', async () => {
  const browser = await launch();
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  const { page } = await openApp({ context });
  await tid(page, 'import-file').setInputFiles({ name: 'board.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(MODEL)) });
  await tid(page, 'import-confirm').click();
  await openScreen(page, 'board');
  await card(page, 'Leads').waitFor();
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await sideways(), 0, 'the page does not scroll sideways');
  // Real touches, as the phone's screen sends them (the browser makes the pointer events).
  const cdp = await context.newCDPSession(page);
  const finger = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  const centre = async (name) => {
    const b = await card(page, name).boundingBox();
    return { x: Math.round(b.x + b.width / 3), y: Math.round(b.y + b.height / 2) };
  };
  await card(page, 'Leads').scrollIntoViewIfNeeded();
  const from = await centre('Leads');
  await finger('touchStart', [from]);
  await page.waitForTimeout(650); // the long press
  assert.match(await card(page, 'Leads').getAttribute('class'), /picked/);
  assert.equal(await live(page), 'Picked up “Leads”');
  // Retention is off the screen to the left (the company row is wider than a phone): hold
  // the card at the board's edge until the board scrolls it into reach, then drop on it.
  const row = (await card(page, 'Retention').boundingBox()).y + 30;
  const edge = { x: 12, y: Math.round(row) };
  for (let i = 1; i <= 10; i++) {
    await finger('touchMove', [{ x: from.x + ((edge.x - from.x) * i) / 10, y: from.y + ((edge.y - from.y) * i) / 10 }]);
  }
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll('[data-testid=card]')].find((x) => x.querySelector('.card-name')?.textContent === 'Retention');
    return c && c.getBoundingClientRect().x > 20;
  });
  const end = await centre('Retention');
  for (let i = 1; i <= 5; i++) {
    await finger('touchMove', [{ x: edge.x + ((end.x - edge.x) * i) / 5, y: edge.y + ((end.y - edge.y) * i) / 5 }]);
  }
  await finger('touchEnd', []);
  await wire(page, 11, 2).waitFor({ state: 'attached' });
  assert.equal(await live(page), 'Linked “Leads” under “Retention”');
  await tid(page, 'rationale-skip').click();
  // The card menu opens inside the screen and does the same without dragging.
  await card(page, 'Leads').getByTestId('card-menu').tap();
  const menu = tid(page, 'card-menu-popup');
  await menu.waitFor();
  const box = await menu.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the menu fits the screen (${box.x}..${box.x + box.width})`);
  await menu.getByTestId('menu-add-parent').filter({ hasText: 'Revenue' }).tap();
  await wire(page, 11, 1).waitFor({ state: 'attached' });
  assert.equal(await sideways(), 0, 'still no sideways scrolling');
  await context.close();
});

test('the board scrolls while a card is dragged near its edge', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 520 } });
  const { page } = await openApp({ context });
  await tid(page, 'template-picker').selectOption('generic');
  await tid(page, 'import-confirm').click();
  await openScreen(page, 'board');
  await tid(page, 'card').first().waitFor();
  const scroller = tid(page, 'board');
  const box = await scroller.boundingBox();
  const before = await scroller.evaluate((el) => el.scrollTop);
  const first = await tid(page, 'lane-department').getByTestId('card').first().boundingBox();
  await page.mouse.move(first.x + 20, first.y + first.height / 2);
  await page.mouse.down();
  await page.mouse.move(first.x + 30, box.y + box.height - 8, { steps: 8 });
  await page.waitForTimeout(700);
  const after = await scroller.evaluate((el) => el.scrollTop);
  await page.keyboard.press('Escape');
  await page.mouse.up();
  assert.ok(after > before + 50, `scrolled from ${before} to ${after}`);
  await context.close();
});
