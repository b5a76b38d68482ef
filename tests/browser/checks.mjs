// In-page checks that axe-core does not make. Each function runs inside the page
// (page.evaluate) and returns a list of human-readable problems; [] means the page passes.

/** Every <img> has a non-empty alt, unless it sits inside an element marked decorative. */
export function imagesWithoutAlt() {
  const problems = [];
  const decorative = '[aria-hidden="true"], [role="presentation"], [role="none"]';
  for (const img of document.querySelectorAll('img')) {
    if (img.closest(decorative)) continue;
    const alt = img.getAttribute('alt');
    if (alt === null || alt.trim() === '') {
      const where = img.closest('figure, .cell_output, section[id]');
      problems.push(`<img src="${img.getAttribute('src')}"> has ${alt === null ? 'no alt attribute' : 'an empty alt'}`
        + `${where && where.id ? ` (in #${where.id})` : ''}: describe the image in its alt text, or mark it decorative (aria-hidden="true")`);
    }
  }
  return problems;
}

/** Every <svg> that assistive technology can reach has a name (<title>, aria-label or aria-labelledby). */
export function svgsWithoutName() {
  const problems = [];
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.closest('[aria-hidden="true"]')) continue;
    // Inside a button (or another role whose children are presentational) an icon is not
    // exposed on its own: the button's name is what counts, and axe-core checks that.
    if (svg.parentElement?.closest('button, [role="button"], [role="img"], [role="tab"], [role="switch"], [role="checkbox"], [role="radio"], [role="menuitemcheckbox"], [role="menuitemradio"], [role="option"], [role="progressbar"], [role="slider"], [role="meter"]')) continue;
    const role = (svg.getAttribute('role') || '').trim();
    if (role === 'presentation' || role === 'none') continue;
    const label = (svg.getAttribute('aria-label') || '').trim();
    const labelledby = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() || '').join(' ').trim();
    const title = [...svg.children].find((c) => c.tagName.toLowerCase() === 'title')?.textContent?.trim() || '';
    if (!label && !labelledby && !title) {
      const html = svg.outerHTML.slice(0, 120).replace(/\s+/g, ' ');
      problems.push(`<svg${role ? ` role="${role}"` : ''}> has no <title>, aria-label or aria-labelledby: ${html}…`
        + ' (name it, or hide a decorative one with aria-hidden="true")');
    }
  }
  return problems;
}

/** Every math element was typeset by MathJax (no raw TeX left, no MathJax errors, MathML for screen readers). */
export function mathProblems() {
  const problems = [];
  const maths = [...document.querySelectorAll('.math')];
  for (const el of maths) {
    const tex = el.textContent.trim().slice(0, 80);
    if (!el.querySelector('mjx-container')) {
      problems.push(`math not rendered (no MathJax output): ${tex}`);
    } else if (el.querySelector('mjx-merror, [data-mjx-error]')) {
      problems.push(`MathJax error in: ${tex}`);
    } else if (!el.querySelector('mjx-assistive-mml math')) {
      problems.push(`math has no assistive MathML for screen readers: ${tex}`);
    }
  }
  return { count: maths.length, problems, mathjax: typeof window.MathJax === 'object' && !!window.MathJax.version ? window.MathJax.version : null };
}

/** The page shows its content: a visible main region with a visible, non-empty <h1>. */
export function contentProblems() {
  const problems = [];
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const main = document.querySelector('main');
  if (!visible(main)) problems.push('no visible <main> element');
  const h1s = main ? [...main.querySelectorAll('h1')] : [];
  if (!h1s.some((h) => visible(h) && h.textContent.trim())) problems.push('no visible, non-empty <h1> in <main>');
  if (main && main.innerText.trim().length < 20) problems.push('the main content is (almost) empty');
  return problems;
}

/**
 * Passages that read as Dutch but are not marked lang="nl" (WCAG 3.1.2 Language of Parts):
 * a screen reader would read them with English pronunciation. A heuristic: a block of text
 * (outside code, math and elements that already carry a lang) with at least three different
 * distinctly Dutch function words. The page's own lang must be set.
 */
export function unmarkedDutch() {
  const MARKERS = new Set(['het', 'een', 'voor', 'niet', 'wij', 'onze', 'ons', 'zijn', 'naar', 'bij',
    'ook', 'maar', 'deze', 'wordt', 'worden', 'heeft', 'hebben', 'kunnen', 'uw', 'jouw', 'klik',
    'hier', 'bekijk', 'geen', 'nog', 'welkom', 'alle', 'onder', 'tussen', 'waar', 'wanneer',
    'omdat', 'zoals', 'tot', 'vanaf', 'museumbezoek', 'openingstijden', 'tentoonstelling']);
  const problems = [];
  const docLang = (document.documentElement.getAttribute('lang') || '').toLowerCase();
  if (!docLang) problems.push('<html> has no lang attribute');
  const main = document.querySelector('main') || document.body;
  const groups = new Map();
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, code, pre, kbd, samp, .math, mjx-container, .highlight')) continue;
    const langEl = parent.closest('[lang]');
    if (langEl && langEl !== document.documentElement && !langEl.getAttribute('lang').toLowerCase().startsWith('en')) continue;
    const block = parent.closest('p, li, td, th, dd, dt, blockquote, figcaption, caption, summary, h1, h2, h3, h4, h5, h6') || parent;
    groups.set(block, (groups.get(block) || '') + node.textContent);
  }
  for (const [block, text] of groups) {
    const words = new Set((text.toLowerCase().match(/[a-zà-ÿ]+/g) || []).filter((w) => MARKERS.has(w)));
    if (words.size >= 3) {
      const id = block.closest('[id]')?.id;
      problems.push(`text that reads as Dutch without lang="nl"${id ? ` (near #${id})` : ''}: `
        + `"${text.replace(/\s+/g, ' ').trim().slice(0, 140)}" (Dutch words: ${[...words].join(', ')})`
        + ' — wrap the Dutch in <span lang="nl">…</span>');
    }
  }
  return problems;
}

/**
 * Links whose name says nothing about where they go (WCAG 2.4.4 Link Purpose): empty, only
 * symbols (such as a bare "#"), or a generic phrase such as "click here". The name is worked out
 * as a screen reader would: aria-label, aria-labelledby, the text and image alt text that are
 * not hidden from assistive technology, then the title.
 */
export function vagueLinks() {
  const GENERIC = /^(here|click here|click|link|this link|more|read more|learn more|this page|this|go|klik hier|hier|lees meer)$/i;
  const textOf = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    if (node.getAttribute('aria-hidden') === 'true') return '';
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return '';
    if (node.getAttribute('aria-label')) return ` ${node.getAttribute('aria-label')} `;
    if (node.tagName === 'IMG') return ` ${node.getAttribute('alt') || ''} `;
    return [...node.childNodes].map(textOf).join('');
  };
  const problems = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest('[aria-hidden="true"]')) continue;
    const style = getComputedStyle(a);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    let name = (a.getAttribute('aria-label') || '').trim();
    if (!name && a.getAttribute('aria-labelledby')) {
      name = a.getAttribute('aria-labelledby').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    }
    if (!name) name = [...a.childNodes].map(textOf).join('').replace(/\s+/g, ' ').trim();
    if (!name) name = (a.getAttribute('title') || '').trim();
    if (!/[\p{L}\p{N}]/u.test(name) || GENERIC.test(name)) {
      problems.push(`link "${name}" to ${a.getAttribute('href')} does not say where it goes: use words that name the target`);
    }
  }
  return problems;
}

/**
 * WCAG 1.4.10 Reflow: at the current (320 CSS px) width the page does not scroll sideways.
 * Code blocks, tables and display math may scroll inside their own boxes.
 */
export function reflowProblems() {
  const W = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= W + 1) return [];
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= W + 1) continue;
    if (el.closest('pre, table, .pst-scrollable-table-container, .highlight, .math, mjx-container')) continue;
    // Skip what sits inside a box that clips or scrolls and itself fits.
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= W + 1) {
        clipped = true;
        break;
      }
    }
    if (clipped || [...el.children].some((c) => c.getBoundingClientRect().right > W + 1)) continue;
    culprits.push(`<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${el.textContent.trim().slice(0, 60)}"`);
    if (culprits.length >= 5) break;
  }
  return [`at ${W} CSS px the page scrolls sideways (${document.documentElement.scrollWidth} px wide; WCAG 1.4.10 Reflow)`
    + (culprits.length ? `: too wide: ${culprits.join('; ')}` : '')];
}
