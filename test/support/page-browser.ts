/// <reference lib="dom" />
// (DOM types for the functions that run in the page; the build itself has none.)
/**
 * Pages opened in the shared headless Chromium of test/support/browser.ts the way a reader sees
 * the published site, without network:
 * a page may load file:// documents only, except images, which get a grey placeholder (the
 * sample's article images are on the newsroom's servers). Every other request is refused and
 * counted as a console error.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync, crc32 } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { launchBrowser, SCREENSHOTS } from './browser.js';

export { closeBrowser, SCREENSHOTS } from './browser.js';

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and refused or failed requests, as they happen. */
  consoleErrors: string[];
  /** Every request that was not for a file:// document (images answered with a placeholder). */
  external: string[];
}

/** Opens a file (relative to the current directory or absolute) or a URL in a new tab and waits for it to load. */
export async function openPage(pathOrUrl: string, viewport = { width: 1024, height: 768 }): Promise<OpenedPage> {
  // The one shared browser of test/support/browser.ts; this module only opens pages its own way.
  const page = await (await launchBrowser()).newPage();
  await page.setViewport(viewport);
  const consoleErrors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${String(e)}`));
  page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('file:') || url.startsWith('data:')) return void r.continue();
    external.push(url);
    if (r.resourceType() === 'image') return void r.respond({ status: 200, contentType: 'image/png', body: PLACEHOLDER });
    consoleErrors.push(`refused: ${url}`);
    return void r.abort('blockedbyclient');
  });
  const url = /^[a-z]+:/i.test(pathOrUrl) ? pathOrUrl : pathToFileURL(path.resolve(pathOrUrl)).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, consoleErrors, external };
}

/**
 * A PNG of the whole page under dist/screenshots/; returns its path. The viewport is made as
 * tall as the page (puppeteer's fullPage capture shifts a right-to-left XML document sideways).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const viewport = page.viewport()!;
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  if (height > viewport.height) await page.setViewport({ ...viewport, height });
  // Lazy images below the first screen start loading now: wait for them (at most 5 s).
  await page.evaluate(() => Promise.race([
    Promise.all(Array.from(document.images ?? []).map((img) => (img.complete ? undefined : new Promise((done) => {
      img.addEventListener('load', done);
      img.addEventListener('error', done);
    })))),
    new Promise((done) => setTimeout(done, 5000)),
  ]));
  await page.screenshot({ path: file as `${string}.png` });
  if (height > viewport.height) await page.setViewport(viewport);
  return file;
}


/** A 4×3 grey PNG. */
const PLACEHOLDER = (() => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(3, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.concat(Array.from({ length: 3 }, () => Buffer.from([0, 0x9e, 0x9e, 0x9e, 0x9e])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
})();
