// The suite's own checks catch what they are meant to catch: a page with known problems fails
// each check, and its fixed version passes. Without this, a check that can never fail would
// pass silently on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, offlineContext, axe } from './lib.mjs';
import { imagesWithoutAlt, svgsWithoutName, unmarkedDutch, contentProblems, mathProblems, vagueLinks, reflowProblems } from './checks.mjs';

const BAD = `<!doctype html><html lang="en"><head><title>Bad</title></head><body>
<main><h1>Bad page</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<svg role="img" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>
<p>Klik hier voor de openingstijden van het museum.</p>
<div class="math">\\[x^2\\]</div>
<a href="#"></a>
<p><code>averyveryveryveryverylongidentifierthatdoesnotfitanywhereonasmallscreen</code></p>
<p>Opening hours: <a href="hours.html">click here</a>. <a href="#s1" title="Link to this heading">#</a></p>
</main></body></html>`;

const GOOD = `<!doctype html><html lang="en"><head><title>Good</title></head><body>
<main><h1>Good page</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A single grey pixel">
<span aria-hidden="true"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></span>
<svg role="img" viewBox="0 0 10 10"><title>A black square</title><rect width="10" height="10"/></svg>
<button type="button" aria-label="Close"><svg viewBox="0 0 10 10"><rect width="10" height="10"/></svg></button>
<p>The button text <span lang="nl">Klik hier voor de openingstijden van het museum.</span> says nothing about the link.</p>
<a href="#top">Back to the top</a>
<h2 id="s1">Section <a class="headerlink" href="#s1" title="Link to this heading"><span aria-hidden="true">#</span></a></h2>
</main></body></html>`;

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

test('the checks flag a page with known problems', async () => {
  const page = await context.newPage();
  try {
    await page.setContent(BAD);
    assert.equal((await page.evaluate(imagesWithoutAlt)).length, 1, 'an <img> without alt went unnoticed');
    assert.equal((await page.evaluate(svgsWithoutName)).length, 1, 'an unnamed <svg role="img"> went unnoticed');
    assert.equal((await page.evaluate(unmarkedDutch)).length, 1, 'Dutch text without lang="nl" went unnoticed');
    assert.equal((await page.evaluate(mathProblems)).problems.length, 1, 'unrendered math went unnoticed');
    assert.equal((await page.evaluate(vagueLinks)).length, 3, 'an empty, a "click here" and a "#" link: not all noticed');
    await page.setViewportSize({ width: 320, height: 800 });
    assert.equal((await page.evaluate(reflowProblems)).length, 1, 'sideways scrolling at 320 px went unnoticed');
    const ids = (await axe(page)).map((v) => v.id);
    assert.ok(ids.includes('image-alt') && ids.includes('link-name'), `axe-core missed known violations: ${ids.join(', ')}`);
  } finally {
    await page.close();
  }
});

test('the checks pass the fixed page', async () => {
  const page = await context.newPage();
  try {
    await page.setContent(GOOD);
    assert.deepEqual(await page.evaluate(imagesWithoutAlt), []);
    assert.deepEqual(await page.evaluate(svgsWithoutName), []);
    assert.deepEqual(await page.evaluate(unmarkedDutch), []);
    assert.deepEqual(await page.evaluate(contentProblems), []);
    assert.deepEqual(await page.evaluate(vagueLinks), []);
    await page.setViewportSize({ width: 320, height: 800 });
    assert.deepEqual(await page.evaluate(reflowProblems), []);
    assert.deepEqual(await axe(page), []);
  } finally {
    await page.close();
  }
});

test('requests leaving 127.0.0.1 are aborted and recorded', async () => {
  context.resetLog();
  const page = await context.newPage();
  try {
    await page.goto(env.base + 'book/index.html');
    const ok = await page.evaluate(() => fetch('https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js').then(() => true, () => false));
    assert.equal(ok, false, 'a request to a CDN went through');
    assert.deepEqual(context.log.external, ['https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js']);
  } finally {
    await page.close();
    context.resetLog();
  }
});
