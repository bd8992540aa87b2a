// The first load holds only what the first render needs; the checks, the edit history
// and every screen but the KPI list are fetched after it. When that code cannot be
// fetched (the connection drops on a first visit, before the service worker has cached
// the build), the app keeps working and says what is missing, and it opens once the
// connection is back. The service worker is blocked here, so every fetch meets the
// network the test controls.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openApp, close, tid, addKpi, waitSaved } from './helpers.mjs';

after(close);

/** A context without the service worker whose fetches of code fetched after the first
 *  render (`split_*.wasm`, `chunk_*.wasm`) fail while `blocked()` says so. */
async function contextBlocking(pattern, blocked) {
  const b = await launch();
  const context = await b.newContext({ serviceWorkers: 'block', acceptDownloads: true });
  await context.route(pattern, (route) => (blocked() ? route.abort('internetdisconnected') : route.continue()));
  return context;
}

const crashed = (errors) => errors.filter((e) => /unreachable|panicked|RuntimeError/.test(e));

test('code that cannot be fetched is reported where it is needed, and opens once the connection is back', async () => {
  let blocked = false;
  const context = await contextBlocking(/\/(split_|chunk_)[^/]*\.wasm$/, () => blocked);
  const { page, errors } = await openApp({ context });
  await addKpi(page, 'Net revenue retention');
  await waitSaved(page);
  const counted = () => page.waitForFunction(() => document.querySelector('[data-testid=checks-badge]')?.textContent !== '');
  await counted();
  const badge = await tid(page, 'checks-badge').textContent();

  // The connection drops. The first render needs none of that code: the KPI list is
  // there. The checks cannot run yet, so the Checks tab shows no count (not a wrong one).
  blocked = true;
  await page.reload();
  await tid(page, 'kpi-open').first().waitFor();
  assert.equal(await tid(page, 'checks-badge').textContent(), '');

  // A dialog says so in a notice, and closes.
  await tid(page, 'new-kpi').click();
  await tid(page, 'notice').filter({ hasText: 'The KPI form could not be fetched' }).waitFor();
  assert.equal(await tid(page, 'kpi-form').count(), 0);

  // A screen says so in place, with a way to try again.
  await tid(page, 'tab-board').click();
  await tid(page, 'unfetched').waitFor();
  assert.match(await tid(page, 'unfetched').textContent(), /This screen could not be fetched: the connection may be down/);

  // The connection is back: trying again opens the screen, and the checks run.
  blocked = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await tid(page, 'board').waitFor();
  await counted();
  assert.equal(await tid(page, 'checks-badge').textContent(), badge);
  assert.deepEqual(crashed(errors), [], 'a failed fetch never stops the app');
  await context.close();
});

test('while the edit history cannot be fetched, edits save, and an export says it left the history out', async () => {
  let blocked = true;
  const context = await contextBlocking(/\/split_history_state[^/]*\.wasm$/, () => blocked);
  const { page, errors } = await openApp({ context });
  await addKpi(page, 'Net revenue retention');
  await waitSaved(page);

  const exported = async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'export').click()]);
    return JSON.parse(await readFile(await download.path(), 'utf8'));
  };
  const without = await exported();
  await tid(page, 'notice').filter({ hasText: 'without its edit history' }).waitFor();
  assert.deepEqual(without.model.kpis.map((k) => k.name), ['Net revenue retention']);
  assert.equal(without.history, undefined);

  // Nothing was lost: after a reload with the connection back, the KPI is there, and
  // the next export carries the history.
  blocked = false;
  await page.reload();
  await tid(page, 'kpi-open').first().waitFor();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Net revenue retention']);
  const withHistory = await exported();
  assert.ok(withHistory.history, 'the export carries the edit history');
  assert.deepEqual(crashed(errors), []);
  await context.close();
});
