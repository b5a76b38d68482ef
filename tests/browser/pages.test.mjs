// Every page of the built book, in a real browser with the network cut off at 127.0.0.1:
// zero axe-core violations (WCAG 2.1 A + AA, and `region`) in light and (for contrast) dark
// mode, nothing fetched from outside, no console or script errors, visible content, named
// images and SVGs, rendered math, links that say where they go, Dutch passages marked
// lang="nl", and no sideways scrolling at 320 CSS px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  start, offlineContext, load, settle, axe, formatViolations, contentPages, allPages, redirectTarget,
} from './lib.mjs';
import {
  imagesWithoutAlt, svgsWithoutName, mathProblems, contentProblems, unmarkedDutch, vagueLinks,
  reflowProblems,
} from './checks.mjs';

let env;
let context;
const mathSeen = [];

before(async () => {
  env = await start();
  context = await offlineContext(env.browser);
});
after(async () => {
  await context?.close();
  await env?.stop();
});

test('every page of the built book', async (t) => {
  const pages = contentPages();
  assert.ok(pages.length >= 5, `expected the book's pages, found only: ${pages.join(', ')}`);
  const darkPages = new Set(process.env.DARK_ALL ? pages : [...new Map(
    pages.map((p) => [p.split('/').slice(0, -1).join('/'), p]).reverse()).values()]);
  for (const rel of pages) {
    await t.test(rel, async () => {
      context.resetLog();
      const page = await context.newPage();
      try {
        await load(page, env.base, rel);
        const problems = [];
        const { log } = context;
        for (const url of log.external) problems.push(`request leaving 127.0.0.1 (aborted): ${url}`);
        for (const f of log.failed) problems.push(`failed request: ${f}`);
        for (const c of log.console) problems.push(`console error: ${c}`);
        for (const e of log.pageErrors) problems.push(`script error: ${e}`);
        problems.push(...await page.evaluate(contentProblems));
        problems.push(...await page.evaluate(imagesWithoutAlt));
        problems.push(...await page.evaluate(svgsWithoutName));
        problems.push(...await page.evaluate(unmarkedDutch));
        problems.push(...await page.evaluate(vagueLinks));
        const math = await page.evaluate(mathProblems);
        if (math.count) mathSeen.push(`${rel} (${math.count}, MathJax ${math.mathjax})`);
        problems.push(...math.problems);

        const light = await axe(page);
        if (light.length) problems.push(formatViolations(`${rel} (light mode)`, light));

        // Zoomed to 400 % (320 CSS px wide), the page reflows instead of scrolling sideways.
        await page.setViewportSize({ width: 320, height: 800 });
        await settle(page);
        problems.push(...await page.evaluate(reflowProblems));
        await page.setViewportSize({ width: 1280, height: 900 });

        // Dark mode (the theme follows the system setting): colour contrast again, on one page
        // of each folder (the same templates and styles), or on every page with DARK_ALL=1.
        if (darkPages.has(rel)) {
          await page.emulateMedia({ colorScheme: 'dark' });
          await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: 5000 });
          await settle(page);
          const dark = await axe(page, { rules: ['color-contrast'] });
          if (dark.length) problems.push(formatViolations(`${rel} (dark mode)`, dark));
        }

        assert.equal(problems.length, 0, `${rel}:\n  - ${problems.join('\n  - ')}`);
      } finally {
        await page.close();
      }
    });
  }
});

test('math renders offline on the pages that have it (the KPI lab uses $$…$$)', () => {
  const kpi = mathSeen.find((m) => m.startsWith('book/labs/kpi_analysis.html'));
  assert.ok(kpi, `no rendered math found on book/labs/kpi_analysis.html; pages with math: ${mathSeen.join('; ') || 'none'}`);
});

test('redirect pages land on a real page', async () => {
  const stubs = allPages().filter((p) => redirectTarget(p) !== null);
  for (const rel of stubs) {
    context.resetLog();
    const page = await context.newPage();
    try {
      await page.goto(env.base + rel, { waitUntil: 'load' });
      const target = new URL(redirectTarget(rel), env.base + rel).href;
      await page.waitForURL(target, { timeout: 5000 });
      const h1 = await page.locator('main h1').first().textContent();
      assert.ok(h1 && h1.trim(), `${rel} redirects to ${page.url()}, which shows no heading`);
      assert.deepEqual(context.log.external, [], `${rel}: requests leaving 127.0.0.1`);
    } finally {
      await page.close();
    }
  }
});

test("MathJax's accessibility extensions (menu > Accessibility) load offline on the KPI lab", async () => {
  // Screen readers get the math as hidden MathML by default (checked on every page above).
  // MathJax's menu can also switch on its explorer and speech: the files it loads for that
  // must come from book/_static/mathjax too.
  context.resetLog();
  const page = await context.newPage();
  try {
    await load(page, env.base, 'book/labs/kpi_analysis.html');
    await page.evaluate(async () => {
      await window.MathJax.loader.load('a11y/explorer');
      // SRE's English rules, which the speech output fetches.
      for (const map of ['base', 'en']) {
        const res = await fetch(new URL(`sre/mathmaps/${map}.json`, window.MathJax.config.loader.paths.mathjax + '/'));
        if (!res.ok) throw new Error(`sre/mathmaps/${map}.json: HTTP ${res.status}`);
      }
    });
    const { log } = context;
    assert.deepEqual([...log.external, ...log.failed, ...log.console, ...log.pageErrors], [],
      'the MathJax accessibility extensions need something that is not in book/_static/mathjax');
  } finally {
    await page.close();
  }
});
