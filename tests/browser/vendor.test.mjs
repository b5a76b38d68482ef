// The offline-safe set-up, without a browser: the vendored MathJax is the npm package's (as
// pinned in package-lock.json), the book points at it, and no built page names a script, style
// or font on another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, BOOK_DIR, allPages } from './lib.mjs';
import { SOURCE, TARGET, vendoredFiles, targetOf } from './vendor-mathjax.mjs';

test('book/_static/mathjax is an exact copy of the npm mathjax package pinned in package-lock.json', () => {
  assert.ok(fs.existsSync(SOURCE), 'node_modules/mathjax is missing: run `npm ci` (make browser-deps)');
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const pinned = lock.packages['node_modules/mathjax'].version;
  const installed = JSON.parse(fs.readFileSync(path.join(SOURCE, 'package.json'), 'utf8')).version;
  assert.equal(installed, pinned, `node_modules has mathjax ${installed}, package-lock.json pins ${pinned}: run \`npm ci\``);
  const version = fs.readFileSync(path.join(TARGET, 'VERSION'), 'utf8');
  assert.match(version, new RegExp(`^mathjax ${pinned.replace(/\./g, '\\.')} `),
    `book/_static/mathjax holds "${version.trim()}", package-lock.json pins ${pinned}: run \`node tests/browser/vendor-mathjax.mjs\``);
  const differing = vendoredFiles(SOURCE).filter((rel) => {
    const dest = targetOf(rel);
    return !fs.existsSync(dest) || !fs.readFileSync(dest).equals(fs.readFileSync(path.join(SOURCE, rel)));
  });
  assert.deepEqual(differing, [], 'vendored MathJax files differ from node_modules/mathjax: run `node tests/browser/vendor-mathjax.mjs`');
});

test('_config.yml loads MathJax from the book, not a CDN', () => {
  const config = fs.readFileSync(path.join(ROOT, '_config.yml'), 'utf8');
  const m = config.match(/^\s+mathjax_path:\s*["']?([^"'\s#]+)/m);
  assert.ok(m, '_config.yml sets no sphinx.config.mathjax_path (the default is a CDN)');
  assert.ok(!/^[a-z]+:\/\//i.test(m[1]) && !m[1].startsWith('//'), `mathjax_path is a URL: ${m[1]}`);
  assert.ok(fs.existsSync(path.join(ROOT, 'book', '_static', m[1])), `mathjax_path ${m[1]} is not in book/_static/`);
});

test('no built page loads a script, stylesheet, font, image or frame from another host', () => {
  const pages = allPages();
  assert.ok(pages.length, `no pages in ${BOOK_DIR}: run \`make course\``);
  const remote = /<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\s(src|href|data)=["']((?:https?:)?\/\/[^"']+)["'][^>]*>/gi;
  const found = [];
  for (const rel of pages) {
    const html = fs.readFileSync(path.join(BOOK_DIR, rel), 'utf8');
    for (const m of html.matchAll(remote)) {
      const tag = m[0];
      // <link rel="canonical|next|prev|…"> are not fetched; only stylesheets, icons, preloads are.
      if (m[1].toLowerCase() === 'link' && !/rel=["'](stylesheet|preload|modulepreload|icon|shortcut icon|manifest)["']/i.test(tag)) continue;
      found.push(`${rel}: ${tag.slice(0, 160)}`);
    }
  }
  assert.deepEqual(found, [], `remote resources in the built pages:\n  ${found.join('\n  ')}`);
});
