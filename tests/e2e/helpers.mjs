// Shared set-up for the Playwright journeys: Debian's Chromium, headless, on a closed
// network; one fresh browser context (fresh storage) per test; console errors collected
// so a test can assert the page stayed clean.
import { chromium } from 'playwright-core';

export const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/';

const ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

let browser;

export async function launch() {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
  });
  return browser;
}

export async function close() {
  await browser?.close();
  browser = undefined;
}

/** A fresh context and page with the app loaded; `errors` collects console errors. */
export async function openApp({ context, beforeLoad } = {}) {
  const b = await launch();
  const ctx = context ?? (await b.newContext({ acceptDownloads: true }));
  const page = await ctx.newPage();
  if (beforeLoad) await beforeLoad(page);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(APP_URL);
  await page.getByTestId('org-name').or(page.getByTestId('recovery')).first().waitFor();
  return { page, context: ctx, errors };
}

export const tid = (page, id) => page.getByTestId(id);
