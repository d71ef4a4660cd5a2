/**
 * Test support: Debian's chromium (not Playwright's download, which has no network here) driven by
 * playwright-core, in a fresh profile, with networking off. CI installs it (`.ci/run`); elsewhere
 * `apt-get install chromium`, or point FEDRANK_CHROMIUM at another Chromium binary.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.FEDRANK_CHROMIUM ?? '/usr/bin/chromium';

export async function launchOfflineChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set FEDRANK_CHROMIUM)`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fedrank-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    viewport: { width: 1300, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The little of the DOM the tests read inside a page (the build has no DOM types): for $$eval callbacks. */
export interface PageElement {
  readonly id: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly height: number };
  querySelectorAll(selector: string): { readonly length: number };
}
