// Search and keyboard-only navigation, offline: the search finds a lesson term; Tab and Enter
// alone reach the skip link, the previous/next links and the search, and follow them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, offlineContext, load, contentPages, BOOK_DIR } from './lib.mjs';

// A term every learner meets in lesson 1 (and lesson 3); the search must find a lesson for it.
const TERM = 'engagement rate';
const MAX_TABS = 800;

let env;
let context;

before(async () => {
  env = await start();
  context = await offlineContext(env.browser);
});
after(async () => {
  await context?.close();
  await env?.stop();
});

/** Lesson pages whose text contains `term` (what the search must find). */
function lessonsWith(term) {
  return contentPages().filter((p) => p.startsWith('book/lessons/')).filter((p) => {
    const text = fs.readFileSync(path.join(BOOK_DIR, p), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    return text.toLowerCase().includes(term);
  });
}

/** The focused element, described for matching and for messages. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      cls: typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href'),
      name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 80),
      inMain: !!el.closest('main'),
      inDialog: !!el.closest('dialog'),
      // WCAG 2.4.7 Focus Visible: an outline or a box-shadow marks the focused element.
      focusVisible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    };
  });
}

/** Press Tab until `match(focusedElement)` holds; returns the element and the number of presses. */
async function tabTo(page, match, what) {
  const seen = [];
  for (let i = 1; i <= MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (el && match(el)) return { el, presses: i };
    if (el && seen.length < 400) seen.push(`${el.tag}.${el.cls.split(' ')[0] || ''}${el.href ? `[${el.href}]` : ''}`);
  }
  assert.fail(`Tab never reached ${what} after ${MAX_TABS} presses on ${page.url()}. Focus went: ${seen.slice(0, 60).join(' → ')}…`);
}

function assertOffline(what) {
  const { log } = context;
  const problems = [...log.external.map((u) => `request leaving 127.0.0.1: ${u}`),
    ...log.console.map((c) => `console error: ${c}`), ...log.pageErrors.map((e) => `script error: ${e}`)];
  assert.deepEqual(problems, [], `${what}: ${problems.join('; ')}`);
}

async function waitForSearchResults(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('#search-results .search-summary, #search-results p');
    return s && /found|did not match/i.test(s.textContent);
  }, null, { timeout: 20_000 });
  return page.evaluate(() => [...document.querySelectorAll('#search-results ul.search li a')].map((a) => a.getAttribute('href')));
}

test(`the search page finds "${TERM}" in a lesson`, async () => {
  const expected = lessonsWith(TERM);
  assert.ok(expected.length, `no lesson page contains "${TERM}": the search test needs another term`);
  context.resetLog();
  const page = await context.newPage();
  try {
    await load(page, env.base, `search.html?q=${encodeURIComponent(TERM)}`);
    const hrefs = await waitForSearchResults(page);
    const found = expected.filter((p) => hrefs.some((h) => h.split(/[?#]/)[0] === p));
    assert.ok(found.length, `searching "${TERM}" listed ${hrefs.length} result(s) (${hrefs.join(', ')}), none of the lessons that contain it: ${expected.join(', ')}`);
    assertOffline('search page');
  } finally {
    await page.close();
  }
});

test('keyboard: the first Tab reaches "Skip to main content", Enter moves into the content', async () => {
  context.resetLog();
  const page = await context.newPage();
  try {
    await load(page, env.base, 'book/index.html');
    await page.keyboard.press('Tab');
    const first = await focused(page);
    assert.ok(first && /skip to main content/i.test(first.name), `first Tab focused ${JSON.stringify(first)}, not the skip link`);
    assert.ok(first.focusVisible, 'the focused skip link shows no focus indicator');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const next = await focused(page);
    assert.ok(next && next.inMain, `after the skip link, Tab went to ${JSON.stringify(next)}, outside <main>`);
  } finally {
    await page.close();
  }
});

test('keyboard: Tab reaches the previous and next links, Enter follows them', async () => {
  // A page in the middle of the book: it has both links.
  const rel = contentPages().find((p) => p.startsWith('book/lessons/')) || 'book/how-to-follow.html';
  context.resetLog();
  const page = await context.newPage();
  try {
    await load(page, env.base, rel);
    const hasBoth = await page.evaluate(() => !!document.querySelector('a.left-prev') && !!document.querySelector('a.right-next'));
    assert.ok(hasBoth, `${rel} has no previous/next links`);
    const prev = await tabTo(page, (el) => el.tag === 'a' && el.cls.includes('left-prev'), 'the "previous" link');
    assert.ok(prev.el.focusVisible, `the focused "previous" link on ${rel} shows no focus indicator`);
    const next = await tabTo(page, (el) => el.tag === 'a' && el.cls.includes('right-next'), 'the "next" link');
    assert.ok(next.el.focusVisible, `the focused "next" link on ${rel} shows no focus indicator`);
    const nextUrl = new URL(next.el.href, page.url()).href;
    await Promise.all([page.waitForURL(nextUrl), page.keyboard.press('Enter')]);
    await load(page, env.base, nextUrl.slice(env.base.length));
    // …and back with "previous" on the next page.
    const back = await tabTo(page, (el) => el.tag === 'a' && el.cls.includes('left-prev'), 'the "previous" link');
    const backUrl = new URL(back.el.href, page.url()).href;
    assert.equal(backUrl, env.base + rel, `"previous" on ${nextUrl} does not lead back to ${rel}`);
    await Promise.all([page.waitForURL(backUrl), page.keyboard.press('Enter')]);
    assertOffline('previous/next navigation');
  } finally {
    await page.close();
  }
});

test(`keyboard: Tab reaches the search, Enter opens it, typing "${TERM}" + Enter lists a lesson, Enter opens it`, async () => {
  const expected = lessonsWith(TERM);
  context.resetLog();
  const page = await context.newPage();
  try {
    await load(page, env.base, 'book/index.html');
    const button = await tabTo(page, (el) => el.tag === 'button' && el.cls.includes('search-button'), 'the search button');
    assert.ok(button.el.focusVisible, 'the focused search button shows no focus indicator');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#pst-search-dialog')?.open, null, { timeout: 5000 });
    const field = await focused(page);
    assert.ok(field && field.tag === 'input' && field.inDialog, `Enter on the search button left focus on ${JSON.stringify(field)}, not the search field`);
    await page.keyboard.type(TERM);
    await Promise.all([page.waitForURL(/search\.html\?q=/), page.keyboard.press('Enter')]);
    const hrefs = await waitForSearchResults(page);
    assert.ok(hrefs.some((h) => expected.includes(h.split(/[?#]/)[0])), `results for "${TERM}": ${hrefs.join(', ')}`);
    const result = await tabTo(page, (el) => el.tag === 'a' && el.inMain && expected.includes((el.href || '').split(/[?#]/)[0]),
      'a search result for a lesson');
    await Promise.all([page.waitForURL((u) => u.pathname.includes('/book/lessons/')), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    const h1 = (await page.locator('main h1').filter({ visible: true }).first().textContent()) || '';
    assert.ok(h1.trim(), `the search result ${result.el.href} opened a page without a visible heading`);
    assertOffline('keyboard search');
  } finally {
    await page.close();
  }
});
