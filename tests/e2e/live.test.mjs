// Working live: three browsers in one room on the real sync server (Hocuspocus, started
// here on 127.0.0.1 with a room secret and a fresh rooms folder). Edits to different
// KPIs and to one field converge, a drag on the board shows everywhere, presence names
// everyone and the KPI each has in hand, undo takes back only one's own edit, a stopped
// server loses nothing, and a browser without the room's secret is refused and keeps
// its own model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, close, openApp, tid, openScreen, AXE, accessProblems } from './helpers.mjs';

const SECRET = 'correct horse battery staple';
const MODEL = {
  format: 'interlock.kpi-model', schema: 1,
  model: {
    organisation: { name: 'Live Co', velocity: 'standard' },
    departments: [{ id: 1, name: 'Sales', head: 1 }, { id: 2, name: 'Marketing', head: 2 }],
    people: [
      { id: 1, name: 'Sam Ortiz', role: 'VP Sales', department: 1 },
      { id: 2, name: 'Mia Chen', role: 'CMO', department: 2 },
    ],
    kpis: [
      { id: 1, name: 'Revenue', level: 'company', owner: { person: 1 }, cadence: 'monthly' },
      { id: 2, name: 'Retention', level: 'company', owner: { person: 2 }, cadence: 'monthly' },
      { id: 10, name: 'Pipeline', level: 'department', department: 1, owner: { person: 1 }, indicator: 'leading', cadence: 'weekly' },
      { id: 11, name: 'Leads', level: 'department', department: 2, owner: { person: 2 }, indicator: 'leading', cadence: 'weekly' },
    ],
    links: [{ child: 10, parent: 1, rationale: 'Converted pipeline is next quarter revenue' }],
  },
};

let rooms;
let port;
let server;

async function freePort() {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const p = s.address().port;
  s.close();
  await once(s, 'close');
  return p;
}

async function startServer() {
  server = spawn(process.execPath, ['server/sync-server.mjs'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ROOMS_DIR: rooms, SYNC_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of server.stdout) {
    out += chunk;
    if (out.includes('sync server on')) break;
  }
}

async function stopServer() {
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
}

before(async () => {
  rooms = await mkdtemp(path.join(tmpdir(), 'interlock-rooms-'));
  port = await freePort();
  await startServer();
});

after(async () => {
  await stopServer();
  await rm(rooms, { recursive: true, force: true });
  await close();
});

const card = (page, name) => page.locator(`[data-testid=card]:has(.card-name:text-is("${name}"))`);
const row = (page, name) => page.locator(`[data-testid=kpi-row]:has([data-testid=kpi-open]:text-is("${name}"))`);
const names = (page) => tid(page, 'kpi-open').allTextContents();
const status = (page) => tid(page, 'live-status').textContent();
const waitLive = (page) => page.waitForFunction(() => document.querySelector('[data-testid=live-status]')?.textContent.startsWith('Live:'));

async function browserWith(model) {
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 1400, height: 900 } });
  const opened = await openApp({ context });
  if (model) {
    await tid(opened.page, 'import-file').setInputFiles({ name: 'live.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(model)) });
    await tid(opened.page, 'import-confirm').click();
    await tid(opened.page, 'import-dialog').waitFor({ state: 'detached' });
  }
  return opened;
}

/** Starts a room for the model open in `page`, as `name`; returns the room link. */
async function startRoom(page, name) {
  await tid(page, 'work-live').click();
  await tid(page, 'live-server').fill(`ws://127.0.0.1:${port}`);
  await tid(page, 'live-name').fill(name);
  await tid(page, 'live-secret').fill(SECRET);
  await tid(page, 'live-start').click();
  await tid(page, 'live-link').waitFor();
  const link = await tid(page, 'live-link').inputValue();
  // The focus is on what comes next: copying the link.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'live-copy');
  await page.keyboard.press('Escape');
  await tid(page, 'live-dialog').waitFor({ state: 'detached' });
  await waitLive(page);
  return link;
}

/** Opens a room link in a fresh browser and joins as `name` (with `secret`). */
async function join(link, name, secret = SECRET) {
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 1400, height: 900 } });
  const opened = await openApp({ context, url: link });
  const { page } = opened;
  await tid(page, 'live-join').waitFor();
  await tid(page, 'join-name').fill(name);
  await tid(page, 'join-secret').fill(secret);
  await tid(page, 'live-join-confirm').click();
  return opened;
}

async function rename(page, from, to) {
  await row(page, from).locator('[data-testid=kpi-open]').click();
  await tid(page, 'kpi-name').fill(to);
  await tid(page, 'kpi-save').click();
  await tid(page, 'kpi-form').waitFor({ state: 'detached' });
}

async function until(page, check, what, arg) {
  try {
    await page.waitForFunction(check, arg, { timeout: 15_000 });
  } catch (e) {
    throw new Error(`${what}: ${e.message}`);
  }
}

const showsNames = (page, expected) =>
  until(page, (want) => {
    const got = [...document.querySelectorAll('[data-testid=kpi-open]')].map((b) => b.textContent);
    return want.every((n) => got.includes(n));
  }, `waiting for ${expected.join(', ')}`, expected).then(() => true);

test('three people in one room: edits converge, a drag shows everywhere, presence names them, undo takes back only mine', async () => {
  const ada = await browserWith(MODEL);
  const link = await startRoom(ada.page, 'Ada');
  assert.match(link, /#live=server=ws%3A%2F%2F127\.0\.0\.1%3A\d+&room=[0-9a-f]{32}&owner=Ada$/);

  // Ben opens the link in a browser holding a model of his own: asked first, told what happens to it.
  const ben = await browserWith({ ...MODEL, model: { ...MODEL.model, organisation: { name: 'Ben Co' }, kpis: [MODEL.model.kpis[0]], links: [] } });
  await ben.page.goto(link);
  await tid(ben.page, 'live-join').waitFor();
  assert.equal(await tid(ben.page, 'live-join-whose').textContent(), `Ada\u2019s room on ws://127.0.0.1:${port}.`);
  assert.match(await tid(ben.page, 'live-join-what').textContent(), /The model open here \(Ben Co, 1 KPI\) is kept as a separate copy in this browser/);
  await tid(ben.page, 'join-name').fill('Ben');
  await tid(ben.page, 'join-secret').fill(SECRET);
  await tid(ben.page, 'live-join-confirm').click();
  const cy = await join(link, 'Cy');
  for (const p of [ben.page, cy.page]) {
    await waitLive(p);
    await until(p, () => document.querySelector('[data-testid=org-name]')?.textContent === 'Live Co', 'the room\u2019s model arrives');
  }
  assert.equal(new URL(await ben.page.url()).hash.startsWith('#live='), true, 'the link stays while in the room');

  // Presence: everyone sees three names.
  for (const [p, me] of [[ada.page, 'Ada'], [ben.page, 'Ben'], [cy.page, 'Cy']]) {
    await until(p, () => document.querySelectorAll('[data-testid=presence-name]').length === 3, `${me} sees three people`);
    const listed = await tid(p, 'presence-name').allTextContents();
    assert.equal(listed[0], `${me} (you)`);
    assert.deepEqual(listed.slice(1).sort(), ['Ada', 'Ben', 'Cy'].filter((n) => n !== me));
    assert.match(await status(p), /^Live: connected to ws:\/\/127\.0\.0\.1:\d+, with 2 other people\.$/);
  }

  // Concurrent edits to different KPIs: both arrive everywhere.
  await Promise.all([rename(ada.page, 'Revenue', 'Net revenue'), rename(ben.page, 'Retention', 'Logo retention')]);
  for (const p of [ada.page, ben.page, cy.page]) await showsNames(p, ['Net revenue', 'Logo retention']);

  // Concurrent edits to one field: every browser ends with the same one of the two.
  await Promise.all([rename(ada.page, 'Pipeline', 'Pipeline (Ada)'), rename(cy.page, 'Pipeline', 'Pipeline (Cy)')]);
  // Yjs settles a field written twice at once the same way everywhere.
  let lists = [];
  for (let i = 0; i < 150; i++) {
    lists = await Promise.all([ada.page, ben.page, cy.page].map(names));
    if (lists.every((l) => JSON.stringify(l) === JSON.stringify(lists[0]))) break;
    await ada.page.waitForTimeout(100);
  }
  assert.deepEqual(lists[1], lists[0]);
  assert.deepEqual(lists[2], lists[0]);
  assert.equal(lists[0].filter((n) => n === 'Pipeline (Ada)' || n === 'Pipeline (Cy)').length, 1, `one of the two names: ${lists[0]}`);

  // Presence on a KPI: Ben opens Leads; Ada's list says so, and stops saying so when he closes it.
  await row(ben.page, 'Leads').locator('[data-testid=kpi-open]').click();
  await tid(ben.page, 'kpi-form').waitFor();
  await row(ada.page, 'Leads').locator('[data-testid=presence-kpi]').waitFor();
  assert.equal(await row(ada.page, 'Leads').locator('[data-testid=presence-kpi]').textContent(), 'Ben is editing');
  await ben.page.keyboard.press('Escape');
  await row(ada.page, 'Leads').locator('[data-testid=presence-kpi]').waitFor({ state: 'detached' });

  // A drag on Cy's board: the others see the card in hand, then the new link.
  await openScreen(cy.page, 'board');
  await openScreen(ben.page, 'board');
  await card(cy.page, 'Leads').focus();
  await cy.page.keyboard.press('Space');
  await card(ben.page, 'Leads').locator('[data-testid=presence-kpi]').waitFor();
  assert.equal(await card(ben.page, 'Leads').locator('[data-testid=presence-kpi]').textContent(), 'Cy is moving it');
  for (let i = 0; i < 6 && !(await tid(cy.page, 'live').textContent()).includes('Logo retention'); i++) {
    await cy.page.keyboard.press('ArrowRight');
  }
  await cy.page.keyboard.press('Enter');
  await tid(cy.page, 'rationale-input').fill('More leads, more renewals');
  await cy.page.keyboard.press('Enter');
  await ben.page.locator('path.wire[data-link="11>2"]').waitFor({ state: 'attached' });
  await openScreen(ada.page, 'board');
  await ada.page.locator('path.wire[data-link="11>2"]').waitFor({ state: 'attached' });

  // Undo takes back only Ada's own last edit, in everyone's browser: Ben's rename and
  // the link Cy made stay.
  await openScreen(ada.page, 'kpis');
  await rename(ada.page, 'Net revenue', 'Revenue, net');
  for (const p of [ben.page, cy.page]) await openScreen(p, 'kpis');
  await showsNames(cy.page, ['Revenue, net']);
  assert.match(await tid(ada.page, 'undo').getAttribute('title'), /^Undo: .*Revenue, net.*\(Ctrl\+Z\)$/);
  assert.match(await tid(ben.page, 'undo').getAttribute('title'), /^Undo: .*Logo retention/, 'Ben\u2019s undo is his own');
  await tid(ada.page, 'undo').click();
  for (const p of [ada.page, ben.page, cy.page]) await showsNames(p, ['Net revenue', 'Logo retention']);
  await openScreen(ben.page, 'board');
  await ben.page.locator('path.wire[data-link="11>2"]').waitFor({ state: 'attached' });

  for (const x of [ada, ben, cy]) {
    assert.deepEqual(x.errors, []);
    await x.context.close();
  }
});

test('the server stops: both keep editing, the banner says so, and on its return nothing is lost', async () => {
  const ada = await browserWith(MODEL);
  const link = await startRoom(ada.page, 'Ada');
  const ben = await join(link, 'Ben');
  await waitLive(ben.page);

  await stopServer();
  for (const p of [ada.page, ben.page]) {
    await until(p, () => /Your edits are kept here and go to the room when the connection is back/.test(document.querySelector('[data-testid=live-status]')?.textContent), 'the banner says the connection is lost');
  }
  await rename(ada.page, 'Revenue', 'Revenue (offline, Ada)');
  await rename(ben.page, 'Leads', 'Leads (offline, Ben)');
  assert.deepEqual((await names(ada.page)).includes('Leads (offline, Ben)'), false, 'not there before the server is back');

  await startServer();
  for (const p of [ada.page, ben.page]) {
    await waitLive(p);
    await showsNames(p, ['Revenue (offline, Ada)', 'Leads (offline, Ben)']);
  }
  // Kept by the server: someone joining now gets both.
  const cy = await join(link, 'Cy');
  await waitLive(cy.page);
  await showsNames(cy.page, ['Revenue (offline, Ada)', 'Leads (offline, Ben)']);

  for (const x of [ada, ben, cy]) {
    assert.deepEqual(x.errors, []);
    await x.context.close();
  }
});

test('a browser without the room\u2019s secret is refused with a clear message and keeps its own model', async () => {
  const ada = await browserWith(MODEL);
  const link = await startRoom(ada.page, 'Ada');
  const eve = await browserWith({ ...MODEL, model: { ...MODEL.model, organisation: { name: 'Eve Co' } } });
  await eve.page.goto(link);
  await tid(eve.page, 'live-join').waitFor();
  await tid(eve.page, 'join-name').fill('Eve');
  await tid(eve.page, 'live-join-confirm').click();
  await until(eve.page, () => document.querySelector('[data-testid=live-status]')?.textContent.startsWith('Not in the room'), 'refused');
  assert.match(await status(eve.page), /^Not in the room: the server refused to let this copy in: permission-denied.*Your model here is as it was/);
  assert.equal(await tid(eve.page, 'org-name').textContent(), 'Eve Co');
  // Ada's room saw nobody come in.
  assert.deepEqual(await tid(ada.page, 'presence-name').allTextContents(), ['Ada (you)']);
  // Leaving the refused room: the banner goes, the model stays.
  await tid(eve.page, 'live-leave').click();
  await tid(eve.page, 'live-banner').waitFor({ state: 'detached' });
  assert.equal(await tid(eve.page, 'org-name').textContent(), 'Eve Co');

  // A damaged link is named, and nothing happens.
  await eve.page.goto(link.replace(/room=[0-9a-f]+/, 'room=1234'));
  await tid(eve.page, 'live-join-error').waitFor();
  assert.match(await tid(eve.page, 'live-join-error').textContent(), /room token/);
  for (const x of [ada, eve]) {
    assert.deepEqual(x.errors, []);
    await x.context.close();
  }
});

test('at 360 px and by keyboard: the live dialogs and banner are clean under axe-core and never wider than the screen', async () => {
  const ada = await browserWith(MODEL);
  await ada.page.setViewportSize({ width: 360, height: 740 });
  await ada.page.addScriptTag({ content: AXE });
  const found = [];
  // By keyboard: the header's toolbar is one Tab stop; the arrows reach Work live.
  await tid(ada.page, 'export').focus();
  await ada.page.keyboard.press('ArrowLeft');
  assert.equal(await ada.page.evaluate(() => document.activeElement?.dataset.testid), 'work-live');
  assert.equal(await tid(ada.page, 'work-live').getAttribute('tabindex'), '0', 'the toolbar\u2019s one Tab stop follows the focus');
  assert.equal(await tid(ada.page, 'export').getAttribute('tabindex'), '-1');
  await ada.page.keyboard.press('Enter');
  await tid(ada.page, 'live-dialog').waitFor();
  assert.equal(await ada.page.evaluate(() => document.activeElement?.dataset.testid), 'live-server', 'the first field has the focus');
  // A server address that is not a WebSocket one is named, with the focus on it.
  await ada.page.keyboard.type('https://example.com');
  await tid(ada.page, 'live-start').click();
  assert.equal(await tid(ada.page, 'live-problem').textContent(), 'The sync server \u201chttps://example.com\u201d is not a WebSocket address (wss://\u2026).');
  assert.equal(await ada.page.evaluate(() => document.activeElement?.dataset.testid), 'live-server', 'back to the field to correct');
  assert.equal(await tid(ada.page, 'live-server').getAttribute('aria-invalid'), 'true');
  found.push(...(await accessProblems(ada.page, 'the Work live dialog, with a mistake')));
  await tid(ada.page, 'live-server').fill(`ws://127.0.0.1:${port}`);
  await tid(ada.page, 'live-name').fill('Ada');
  await tid(ada.page, 'live-secret').fill(SECRET);
  await ada.page.keyboard.press('Enter');
  await tid(ada.page, 'live-link').waitFor();
  found.push(...(await accessProblems(ada.page, 'the Work live dialog, with the room link')));
  const link = await tid(ada.page, 'live-link').inputValue();
  await ada.page.keyboard.press('Escape');
  await waitLive(ada.page);

  const ben = await browserWith(MODEL);
  await ben.page.setViewportSize({ width: 360, height: 740 });
  await ben.page.addScriptTag({ content: AXE });
  await ben.page.goto(link);
  await tid(ben.page, 'live-join').waitFor();
  found.push(...(await accessProblems(ben.page, 'the join question')));
  await tid(ben.page, 'join-name').fill('Ben');
  await tid(ben.page, 'join-secret').fill(SECRET);
  await tid(ben.page, 'live-join-confirm').click();
  await waitLive(ben.page);
  await until(ada.page, () => document.querySelectorAll('[data-testid=presence-name]').length === 2, 'Ada sees Ben');
  found.push(...(await accessProblems(ada.page, 'the live banner')));
  await row(ben.page, 'Leads').locator('[data-testid=kpi-open]').click();
  await row(ada.page, 'Leads').locator('[data-testid=presence-kpi]').waitFor();
  found.push(...(await accessProblems(ada.page, 'the KPI list with who is editing')));
  assert.deepEqual(found, []);
  for (const x of [ada, ben]) {
    assert.deepEqual(x.errors, []);
    await x.context.close();
  }
});
