// Every lab page shows its launch links ("How to open this lab": JupyterHub via nbgitpuller,
// Binder, Colab, download) and they are well formed; screenshots of the landing page and a
// lab page are saved for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, offlineContext, load, labPages, ensureScreenshotDir, SCREENSHOT_DIR } from './lib.mjs';

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

const GENERIC = /^(here|click here|link|this link|more|read more|download)$/i;

test('every lab page shows its launch links', async (t) => {
  const labs = labPages();
  assert.ok(labs.length >= 1, 'no lab pages (book/labs/*.html) in the build');
  for (const rel of labs) {
    const lab = path.basename(rel, '.html');
    await t.test(lab, async () => {
      context.resetLog();
      const page = await context.newPage();
      try {
        await load(page, env.base, rel);
        const box = page.locator('.admonition').filter({ has: page.locator('.admonition-title', { hasText: /how to open this lab/i }) });
        assert.equal(await box.count(), 1, `${rel}: no (or more than one) "How to open this lab" box`);
        assert.ok(await box.isVisible(), `${rel}: the "How to open this lab" box is not visible`);
        const links = await box.locator('a[href]').evaluateAll((as) => as.map((a) => ({
          href: a.href, text: a.innerText.trim().replace(/\s+/g, ' '), download: a.hasAttribute('download'),
        })));
        const problems = [];
        const find = (pred, what) => {
          const l = links.find(pred);
          if (!l) problems.push(`no ${what} link`);
          return l;
        };
        const hub = find((l) => /\/hub\/user-redirect\/git-pull\?/.test(l.href), 'JupyterHub (nbgitpuller)');
        if (hub) {
          const q = new URL(hub.href).searchParams;
          for (const key of ['repo', 'branch', 'urlpath']) {
            if (!q.get(key)) problems.push(`the hub link has no "${key}" parameter (is "&" escaped twice?): ${hub.href}`);
          }
          if ([...q.keys()].some((k) => k.startsWith('amp;'))) problems.push(`the hub link has "&amp;" in its query: ${hub.href}`);
          if (q.get('urlpath') && !q.get('urlpath').includes(`${lab}.ipynb`)) problems.push(`the hub link does not open ${lab}.ipynb: ${hub.href}`);
        }
        const binder = find((l) => /\/v2\/gh\//.test(l.href), 'Binder');
        if (binder && !new URL(binder.href).searchParams.get('urlpath')?.includes(`${lab}.ipynb`)) {
          problems.push(`the Binder link does not open ${lab}.ipynb: ${binder.href}`);
        }
        const colab = find((l) => new URL(l.href).hostname === 'colab.research.google.com', 'Colab');
        if (colab && !colab.href.endsWith(`${lab}.ipynb`)) problems.push(`the Colab link does not open ${lab}.ipynb: ${colab.href}`);
        const zip = find((l) => l.href.startsWith(env.base) && /\.zip$/.test(new URL(l.href).pathname), 'download (zip)');
        if (zip) {
          const res = await page.request.get(zip.href);
          const body = await res.body();
          if (res.status() !== 200 || body.subarray(0, 2).toString() !== 'PK') problems.push(`the download ${zip.href} is not a zip file (HTTP ${res.status()})`);
        }
        for (const l of links) {
          if (!l.text || GENERIC.test(l.text)) problems.push(`link text "${l.text}" does not say where ${l.href} goes`);
        }
        for (const url of context.log.external) problems.push(`request leaving 127.0.0.1: ${url}`);
        assert.equal(problems.length, 0, `${rel}:\n  - ${problems.join('\n  - ')}`);
      } finally {
        await page.close();
      }
    });
  }
});

test('screenshots of the landing page and a lab page', async () => {
  const dir = ensureScreenshotDir();
  const labs = labPages();
  const lab = labs.find((p) => p.endsWith('/kpi_analysis.html')) || labs[0];
  const shots = [];
  const page = await context.newPage();
  try {
    await load(page, env.base, 'book/index.html');
    shots.push(path.join(dir, 'landing.png'));
    await page.screenshot({ path: shots.at(-1) });
    if (lab) {
      const name = path.basename(lab, '.html');
      await load(page, env.base, lab);
      shots.push(path.join(dir, `${name}.png`));
      await page.screenshot({ path: shots.at(-1) });
      const box = page.locator('.admonition').filter({ has: page.locator('.admonition-title', { hasText: /how to open this lab/i }) });
      if (await box.count()) {
        shots.push(path.join(dir, `${name}-launch.png`));
        await box.first().screenshot({ path: shots.at(-1) });
      }
      const math = page.locator('div.math mjx-container').first();
      if (await math.count()) {
        shots.push(path.join(dir, `${name}-math.png`));
        await math.screenshot({ path: shots.at(-1) });
      }
    }
  } finally {
    await page.close();
  }
  console.log(`Screenshots for review (${SCREENSHOT_DIR}):\n  ${shots.join('\n  ')}`);
});
