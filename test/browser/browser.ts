/**
 * The browser tier: a real Luoshi server on a fresh database with the demo data, and Debian's Chromium
 * driven by playwright-core. Every page is watched: a console error, an uncaught exception or a request
 * that leaves 127.0.0.1 fails the test.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { serve } from '../../src/server.js';
import { webRoot } from '../../src/http/web.js';

export const CHROMIUM = process.env.LUOSHI_CHROMIUM ?? '/usr/bin/chromium';
export const PASSWORD = 'Browser-Test-2026';
export const shotsDir = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Why the browser tests cannot run here, or null when they can. CI requires them (LUOSHI_TEST_BROWSER_REQUIRED=1). */
export function browserUnavailable(): string | null {
  const reason = !existsSync(CHROMIUM)
    ? `Chromium not found at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`
    : webRoot() === null
      ? 'the web app is not built (npm run build)'
      : null;
  if (reason && process.env.LUOSHI_TEST_BROWSER_REQUIRED === '1') {
    throw new Error(`Browser tests are required but cannot run: ${reason}`);
  }
  if (reason) {
    console.log(`\n*** Browser tests SKIPPED: ${reason}. ***\n`);
  }
  return reason;
}

export interface Stage {
  url: string;
  browser: Browser;
  /** Problems seen on any page: console errors, page errors, requests beyond our server. */
  problems: string[];
  /** Every page opened, so a failing test can leave a screenshot of each. */
  pages: Page[];
  close(): Promise<void>;
}

/** Starts a server with the demo data on a fresh SQLite database and launches Chromium. */
export async function startStage(): Promise<Stage> {
  const dir = mkdtempSync(path.join(tmpdir(), 'luoshi-browser-'));
  const config = loadConfig(
    {
      databaseUrl: `sqlite:${path.join(dir, 'luoshi.db')}`,
      dataDir: dir,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
    },
    {},
  );
  const log = console.log;
  console.log = () => undefined;
  const started = await serve(config, { demoIfEmpty: true, demoPassword: PASSWORD }).finally(() => {
    console.log = log;
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  mkdirSync(shotsDir, { recursive: true });
  return {
    url: started.url.replace('localhost', '127.0.0.1'),
    browser,
    problems: [],
    pages: [],
    async close() {
      await browser.close();
      await started.app.close();
      await started.database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser context (its own cookies) signed in as `username`, every page of it watched. */
export async function signIn(
  stage: Stage,
  username: string,
  viewport = { width: 1400, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stage.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.on('page', (p) => {
    stage.pages.push(p);
    watch(stage, p, username);
  });
  const page = await context.newPage();
  await page.goto(`${stage.url}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await expect.poll(() => page.locator('[data-testid=user-menu]').count()).toBe(1);
  return { context, page };
}

function watch(stage: Stage, page: Page, who: string) {
  const origin = new URL(stage.url).origin;
  page.on('console', (m) => {
    if (m.type() === 'error') {
      stage.problems.push(`${who} console error on ${page.url()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => stage.problems.push(`${who} page error on ${page.url()}: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      stage.problems.push(`${who} request beyond the server: ${u}`);
    }
  });
}

/** Goes to a page of the app and waits until its requests have settled. */
export async function open(page: Page, stage: Stage, pathname: string): Promise<void> {
  await page.goto(`${stage.url}${pathname}`);
  await page.waitForLoadState('networkidle');
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/** Picks an organisation in an OrgPicker (antd TreeSelect) by typing part of its name. */
export async function pickOrg(page: Page, selector: string, search: string, name: string): Promise<void> {
  await page.locator(selector).click();
  await page.locator(selector).fill(search);
  await page.locator(`.ant-select-tree-title`, { hasText: name }).first().click();
}

/** Types a date into an antd DatePicker and confirms it. */
export async function pickDate(page: Page, selector: string, date: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** Calls the API with the page's session (cookie and CSRF token), for facts the test checks the page against. */
export async function apiGet<T>(page: Page, stage: Stage, pathname: string): Promise<T> {
  const res = await page.request.get(`${stage.url}${pathname}`);
  expect(res.status(), `${pathname}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/** Screenshots of every open page, named after the failed test, for the CI artefacts. */
export async function shotsOnFailure(stage: Stage | undefined, name: string): Promise<void> {
  for (const [i, page] of (stage?.pages ?? []).entries()) {
    if (!page.isClosed()) {
      await page
        .screenshot({ path: path.join(shotsDir, `FAILED-${name}-${i}.png`), fullPage: true })
        .catch(() => undefined);
    }
  }
}
