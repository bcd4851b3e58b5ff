/**
 * Pages in a real browser: Debian's chromium, driven by puppeteer-core (whose own browser
 * download cannot work here), one browser per test process with a fresh profile. Pages are
 * opened from files; any request other than the page itself is recorded, so a test can say
 * that a page is self-contained. Also: screenshots under dist/screenshots/, axe-core.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT } from './cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'dist', 'screenshots');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The little of the DOM that code run in the page uses. The project compiles without the
 * DOM library (src runs in Node), so functions passed to `page.evaluate` see the page's
 * globals through this type.
 */
export interface DomElement {
  tagName: string;
  className: string;
  textContent: string | null;
  getAttributeNames(): string[];
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getClientRects(): ArrayLike<unknown>;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number; height: number };
  closest(selector: string): DomElement | null;
  blur(): void;
  scrollHeight: number;
}
export interface PageGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<DomElement>; title: string; documentElement: DomElement; activeElement: DomElement | null };
  getComputedStyle(element: DomElement): Record<string, string>;
  requestAnimationFrame(callback: () => void): number;
  performance: { now(): number; getEntriesByType(type: string): { loadEventEnd?: number }[] };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
}

let browser: Promise<Browser> | undefined;
let profile: string | undefined;

/** The shared browser, started on first use. */
export function launchBrowser(): Promise<Browser> {
  if (!browser) {
    profile = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-chromium-'));
    browser = puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, `--user-data-dir=${profile}`], timeout: 60_000, protocolTimeout: 120_000 });
  }
  return browser;
}

/** Closes the shared browser and removes its profile (call from a suite's `after`). */
export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = undefined;
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed loads, as text. */
  consoleErrors: string[];
  /** Every URL the page asked for besides itself: a self-contained page asks for none. */
  requests: string[];
  /** Milliseconds from navigation start to the end of the load event, and to the first frame painted after it. */
  timings: { load: number; painted: number };
}

/** Opens a file (a path) or a URL in a new tab of the shared browser, and waits until it is loaded and painted. */
export async function openPage(fileOrUrl: string, options: { width?: number; height?: number; timeoutMs?: number } = {}): Promise<OpenedPage> {
  const url = /^[a-z][a-z0-9+.-]*:/i.test(fileOrUrl) ? fileOrUrl : pathToFileURL(path.resolve(fileOrUrl)).href;
  const page = await (await launchBrowser()).newPage();
  await page.setViewport({ width: options.width ?? 1280, height: options.height ?? 900 });
  // A page may forbid every script and fetch by its Content-Security-Policy; axe is injected all the same.
  await page.setBypassCSP(true);
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  page.on('requestfailed', (r) => consoleErrors.push(`failed to load ${r.url()}: ${r.failure()?.errorText ?? ''}`));
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
  const timings = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return new Promise<{ load: number; painted: number }>((resolve) =>
      g.requestAnimationFrame(() =>
        g.requestAnimationFrame(() => {
          const nav = g.performance.getEntriesByType('navigation')[0];
          resolve({ load: nav?.loadEventEnd ?? g.performance.now(), painted: g.performance.now() });
        }),
      ),
    );
  });
  return { page, consoleErrors, requests, timings };
}

export interface ElementInfo {
  tag: string;
  className: string;
  text: string;
  attributes: Record<string, string>;
}

/** Every element that matches `selector`, in document order, as plain data to assert on. */
export function queryAll(page: Page, selector: string): Promise<ElementInfo[]> {
  return page.evaluate((sel: string) => {
    const g = globalThis as unknown as PageGlobals;
    return Array.from(g.document.querySelectorAll(sel), (el) => ({
      tag: el.tagName.toLowerCase(),
      className: el.className,
      text: el.textContent ?? '',
      attributes: Object.fromEntries(el.getAttributeNames().map((n) => [n, el.getAttribute(n) ?? ''])),
    }));
  }, selector);
}

/** Writes `dist/screenshots/<name>.png` (the whole page unless `fullPage: false`) and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const viewport = page.viewport();
  if ((options.fullPage ?? true) && viewport) {
    // The whole page as a viewport that tall: content the page leaves unrendered off screen
    // (`content-visibility: auto`) is drawn, as it would be when scrolled to.
    const height = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollHeight);
    await page.setViewport({ ...viewport, height: Math.min(Number(height), 16_000) });
    await page.evaluate(() => new Promise<void>((resolve) => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve()))));
    await page.screenshot({ path: file as `${string}.png` });
    await page.setViewport(viewport);
  } else await page.screenshot({ path: file as `${string}.png` });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const require = createRequire(import.meta.url);

/** Runs axe-core in the page (WCAG 2 A and AA rules and axe's best practices) and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  return page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const result = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

/** Violations as lines for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}
