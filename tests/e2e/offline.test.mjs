// Offline and updates: after one visit the service worker has cached the build, so the
// app opens with no network on its stored model and stays editable; and a new
// deployment is announced on the next visit, where reloading keeps unsaved work.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, close, tid, addKpi, waitSaved, APP_URL } from './helpers.mjs';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const SCRIPTS = new URL('../../scripts/', import.meta.url).pathname;

let server;
after(async () => {
  server?.kill();
  await close();
});

/** Waits until the page is controlled by the service worker (its files are cached). */
async function waitForWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30_000 });
}

/** Serves a copy of dist/ on a free port: a deployment the test can change. */
async function deployCopy() {
  const root = await mkdtemp(join(tmpdir(), 'interlock-deploy-'));
  await cp(DIST, root, { recursive: true });
  const port = execFileSync('python3', [join(SCRIPTS, 'free_port.py')]).toString().trim();
  server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', root, port], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { root, url };
}

test('after one visit the app opens with no network, on its stored model, and stays editable', async () => {
  const { page, context, errors } = await openApp();
  await waitForWorker(page);
  await addKpi(page, 'Net revenue retention');
  await waitSaved(page);

  await context.setOffline(true);
  // The network really is gone: a file the build does not contain cannot be fetched.
  const probe = await page.evaluate(() => fetch('./not-part-of-the-build.txt').then(() => 'fetched', () => 'failed'));
  assert.equal(probe, 'failed');
  errors.length = 0; // the probe's own "Failed to load resource"
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  assert.deepEqual(await tid(page, 'kpi-open').allTextContents(), ['Net revenue retention']);

  // Still a working app: an edit made offline is saved and survives another reload.
  await addKpi(page, 'Gross margin');
  await waitSaved(page);
  await page.reload();
  await tid(page, 'kpi-row').nth(1).waitFor();
  assert.deepEqual((await tid(page, 'kpi-open').allTextContents()).sort(), ['Gross margin', 'Net revenue retention']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new deployment is announced on the next visit, and reloading for it keeps unsaved work', async () => {
  const { root, url } = await deployCopy();
  const { page, context, errors } = await openApp({ url });
  await waitForWorker(page);
  await addKpi(page, 'On-time delivery');
  await waitSaved(page);
  assert.equal(await tid(page, 'update-banner').count(), 0, 'the first install is not an update');

  // A changed build is deployed: new content, and its service worker written again.
  const index = join(root, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('</body>', '<!-- second deployment --></body>'));
  execFileSync('python3', [join(SCRIPTS, 'service_worker.py'), root], { env: { ...process.env, TRUNK_PROFILE: 'release' } });

  // The next visit still opens the cached build at once, then offers the new one.
  await page.reload();
  await tid(page, 'kpi-row').first().waitFor();
  await tid(page, 'update-banner').waitFor();
  assert.match(await tid(page, 'update-banner').textContent(), /new version/i);
  assert.equal(await tid(page, 'update-banner').getAttribute('role'), 'status');

  // An edit still waiting for its autosave when the user reloads is saved first.
  await addKpi(page, 'Order accuracy');
  await tid(page, 'update-reload').click();
  await page.waitForFunction(() => document.documentElement.innerHTML.includes('second deployment'));
  await tid(page, 'kpi-row').nth(1).waitFor();
  assert.deepEqual((await tid(page, 'kpi-open').allTextContents()).sort(), ['On-time delivery', 'Order accuracy']);
  assert.equal(await tid(page, 'update-banner').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
  await rm(root, { recursive: true, force: true });
});

test('the app can be installed: a manifest with icons that load', async () => {
  const { page, context } = await openApp();
  const manifestUrl = await page.locator('link[rel=manifest]').getAttribute('href');
  const manifest = await (await fetch(new URL(manifestUrl, APP_URL))).json();
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icon sizes: ${sizes}`);
  for (const icon of manifest.icons) {
    const r = await fetch(new URL(icon.src, new URL(manifestUrl, APP_URL)));
    assert.equal(r.status, 200, icon.src);
    assert.equal(r.headers.get('content-type'), icon.type, icon.src);
  }
  await context.close();
});
