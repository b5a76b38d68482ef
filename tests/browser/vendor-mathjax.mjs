// Copy the parts of MathJax the book needs from node_modules/mathjax (npm, pinned in
// package-lock.json) into book/_static/mathjax/, so the built book renders math offline.
// Run after `npm ci` when package-lock.json moves MathJax: `node tests/browser/vendor-mathjax.mjs`.
// tests/browser/vendor.test.mjs fails when the committed copy differs from node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SOURCE = path.join(root, 'node_modules', 'mathjax');
export const TARGET = path.join(root, 'book', '_static', 'mathjax');

// The single-file "full" TeX component (every TeX extension built in, so nothing is
// autoloaded), the CHTML fonts, and what the MathJax menu loads for its accessibility
// options (explorer, speech in English).
export const FILES = [
  'LICENSE',
  'es5/tex-chtml-full.js',
  'es5/output/chtml/fonts/woff-v2',
  'es5/a11y',
  'es5/input/mml.js',
  'es5/sre/mathmaps/base.json',
  'es5/sre/mathmaps/en.json',
];

/** Every file (relative to es5/ or the package root) that the vendored copy holds. */
export function vendoredFiles(base) {
  const out = [];
  for (const entry of FILES) {
    const src = path.join(base, entry);
    if (!fs.existsSync(src)) continue;
    if (fs.statSync(src).isDirectory()) {
      for (const f of fs.readdirSync(src, { recursive: true })) {
        if (fs.statSync(path.join(src, f)).isFile()) out.push(path.join(entry, f));
      }
    } else out.push(entry);
  }
  return out.sort();
}

/** Where a package file lands under book/_static/mathjax/ (es5/ is flattened). */
export function targetOf(rel) {
  return path.join(TARGET, rel.replace(/^es5[\\/]/, ''));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(SOURCE)) {
    console.error('node_modules/mathjax is missing: run `npm ci` first.');
    process.exit(1);
  }
  const version = JSON.parse(fs.readFileSync(path.join(SOURCE, 'package.json'), 'utf8')).version;
  fs.rmSync(TARGET, { recursive: true, force: true });
  const files = vendoredFiles(SOURCE);
  for (const rel of files) {
    fs.mkdirSync(path.dirname(targetOf(rel)), { recursive: true });
    fs.copyFileSync(path.join(SOURCE, rel), targetOf(rel));
  }
  fs.writeFileSync(path.join(TARGET, 'VERSION'), `mathjax ${version} (npm), copied by tests/browser/vendor-mathjax.mjs\n`);
  console.log(`Vendored MathJax ${version}: ${files.length} files into ${path.relative(root, TARGET)}`);
}
