// Shared helpers for the browser suite: the built book, a local server, Debian's chromium
// driven by playwright-core, an offline network guard and the axe-core audit.
//
// Environment (all optional):
//   BOOK_DIR        the built book (default: <repo>/_build/html)
//   BOOK_URL        where it is served, e.g. http://127.0.0.1:8765/ (default: the suite
//                   serves BOOK_DIR itself on 127.0.0.1 with a small static server)
//   CHROMIUM        the browser binary (default: /usr/bin/chromium, Debian's package)
//   SCREENSHOT_DIR  where screenshots go (default: <repo>/_build/screenshots)
import fs from 'node:fs';
import http from 'node:http';

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BOOK_DIR = path.resolve(process.env.BOOK_DIR || path.join(ROOT, '_build', 'html'));
export const SCREENSHOT_DIR = path.resolve(
  process.env.SCREENSHOT_DIR || path.join(path.dirname(BOOK_DIR), 'screenshots'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// The audit: WCAG 2.1 levels A and AA, plus axe's `region` rule (every piece of content inside a
// landmark), which the stock theme failed and which screen-reader users navigate by.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const AXE_EXTRA_RULES = ['region'];

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Folders of the build that hold no pages.
const NOT_PAGES = new Set(['_static', '_sources', '_images', '_downloads', '.doctrees', 'jupyter_execute']);

export function assertBookBuilt() {
  if (!fs.existsSync(path.join(BOOK_DIR, 'index.html'))) {
    throw new Error(`No built book in ${BOOK_DIR}: run \`make course\` first (or set BOOK_DIR).`);
  }
}

/** Every HTML page of the build, relative to BOOK_DIR, with / separators, sorted. */
export function allPages() {
  assertBookBuilt();
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!NOT_PAGES.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.name.endsWith('.html')) {
        out.push(path.relative(BOOK_DIR, path.join(dir, entry.name)).split(path.sep).join('/'));
      }
    }
  };
  walk(BOOK_DIR);
  return out.sort();
}

/** Pages that only redirect (jupyter-book writes one at the root): the target, else null. */
export function redirectTarget(rel) {
  const html = fs.readFileSync(path.join(BOOK_DIR, rel), 'utf8');
  const m = html.match(/<meta[^>]+http-equiv=["']?refresh["']?[^>]*content=["'][^"']*url=([^"'>]+)["']/i);
  return m ? m[1].trim() : null;
}

/** The content pages: every page except redirect stubs. */
export function contentPages() {
  return allPages().filter((p) => redirectTarget(p) === null);
}

export function labPages() {
  return contentPages().filter((p) => /^book\/labs\/[^/]+\.html$/.test(p));
}

// ---------------------------------------------------------------------------------------------
// A static server on 127.0.0.1, used when BOOK_URL is not given.

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8', '.zip': 'application/zip', '.ipynb': 'application/json',
  '.inv': 'application/octet-stream',
};

export function serve(dir = BOOK_DIR) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The browser.

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
];

/**
 * Start the book's server (unless BOOK_URL is set) and the browser. Playwright gives the
 * browser a fresh, temporary --user-data-dir of its own on every launch and removes it after.
 */
export async function start() {
  assertBookBuilt();
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`make browser-deps\` (Debian's chromium package).`);
  }
  const { chromium } = await import('playwright-core');
  let base = process.env.BOOK_URL;
  let server = null;
  if (!base) {
    server = await serve();
    base = server.url;
  }
  if (!base.endsWith('/')) base += '/';
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    async stop() {
      await browser.close();
      if (server) await server.close();
    },
  };
}

function isLocal(url) {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return u.hostname === '127.0.0.1';
}

/**
 * A browser context in which every request that would leave 127.0.0.1 is aborted and recorded.
 * Its `log` collects, per page: external (aborted) requests, failed local requests, console
 * errors and uncaught page errors.
 */
export async function offlineContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const log = { external: [], failed: [], console: [], pageErrors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    log.external.push(url);
    return route.abort('internetdisconnected');
  });
  context.on('page', (page) => watch(page, log));
  context.log = log;
  context.resetLog = () => {
    for (const k of Object.keys(log)) log[k].length = 0;
  };
  return context;
}

function watch(page, log) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.console.push(`${msg.text()} (${msg.location().url || 'inline'})`);
  });
  page.on('pageerror', (err) => log.pageErrors.push(String(err && err.stack ? err.stack.split('\n')[0] : err)));
  page.on('requestfailed', (req) => {
    if (isLocal(req.url())) log.failed.push(`${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && isLocal(res.url())) log.failed.push(`${res.url()}: HTTP ${res.status()}`);
  });
}

/** Open `rel` and wait until the page, its scripts and any math have settled. */
export async function load(page, base, rel) {
  await page.goto(base + rel, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  await page.evaluate(async () => {
    if (document.querySelector('.math') && window.MathJax) {
      // MathJax is deferred: wait for it to start, then for its first typesetting.
      for (let i = 0; i < 100 && !(window.MathJax.startup && window.MathJax.startup.promise); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (window.MathJax.startup && window.MathJax.startup.promise) await window.MathJax.startup.promise;
    }
  });
  await settle(page);
}

/** Wait until running CSS transitions and animations end (colours mid-fade fool the contrast check). */
export async function settle(page) {
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const running = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.race([
      Promise.all(running.map((a) => a.finished.catch(() => {}))),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
  });
}

// ---------------------------------------------------------------------------------------------
// axe-core.

export async function axe(page, { rules = null } = {}) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const options = rules
    ? { runOnly: { type: 'rule', values: rules } }
    : {
      runOnly: { type: 'tag', values: AXE_TAGS },
      rules: Object.fromEntries(AXE_EXTRA_RULES.map((r) => [r, { enabled: true }])),
    };
  return page.evaluate(async (options) => {
    const result = await window.axe.run(document, { ...options, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, options);
}

/** A readable report of axe violations, for assertion messages. */
export function formatViolations(rel, violations) {
  const lines = [`${violations.length} axe-core violation(s) on ${rel}:`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`    at ${n.target}`);
      lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 240)}`);
      lines.push(`       ${(n.summary || '').replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join('\n');
}

export function ensureScreenshotDir() {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return SCREENSHOT_DIR;
}


