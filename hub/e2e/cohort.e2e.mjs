// End-to-end steps of a cohort on the course hub, in headless Chromium (Debian's chromium,
// driven by playwright-core; never a downloaded browser).
//
//   node hub/e2e/cohort.e2e.mjs CONFIG.json STEP
//
// tests/test_hub_e2e.py starts a hub, writes CONFIG.json and runs the steps in order, checking
// the hub's files and gradebook between them. Each step prints one JSON line: "RESULT {...}".
// CONFIG.json: { hub, serviceUrl, userUrl: {name: url}, accounts: {name: password},
//   trainer, learner, other, puller, lab, answers: {grade_id: source}, gradeCommand,
//   pullerLink, profiles, screenshots, chromium }
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [configPath, step] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const LONG = 180_000; // a server start or a JupyterLab load on a small CI machine

function log(...args) {
  console.log(`[e2e ${step}]`, ...args);
}

const open = []; // [user, context]: screenshots of every page when a step fails

async function browserFor(user) {
  // One profile per account, kept between steps: the login cookie survives, as in real life.
  const dir = path.join(config.profiles, user);
  fs.mkdirSync(dir, { recursive: true });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: config.chromium || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(60_000);
  open.push([user, context]);
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (error) => log(`${user} page error:`, error.message));
  for (let attempt = 1; ; attempt += 1) {
    await page.goto(`${config.hub}/hub/login`);
    if (!(await page.locator('#username_input').count())) break; // logged in already
    await page.fill('#username_input', user);
    await page.fill('#password_input', config.accounts[user]);
    await Promise.all([page.waitForNavigation(), page.click('#login_submit')]);
    if (!(await page.locator('#username_input').count())) break;
    const said = (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 300);
    if (attempt === 3) throw new Error(`${user} could not log in: ${said}`);
    log(`${user}: login refused (${said}); trying again`);
    await page.waitForTimeout(5000);
  }
  return { context, page };
}

async function shot(page, name) {
  fs.mkdirSync(config.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(config.screenshots, `${name}.png`) });
}

async function openLab(page, url) {
  await page.goto(url, { timeout: LONG });
  await page.waitForSelector('.lm-MenuBar-itemLabel:text("Nbgrader")', { timeout: LONG });
}

async function menu(page, top, item) {
  await page.click(`.lm-MenuBar-itemLabel:text-is("${top}")`);
  await page.click(`.lm-Menu-itemLabel:text-is("${item}")`);
}

// fetch() from inside a Jupyter page: same origin, its cookies, its XSRF token
async function api(page, method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]+)/) || [])[1] || '';
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: { 'X-XSRFToken': decodeURIComponent(xsrf), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (error) {
      return { status: 0, json: null, text: `blocked by the browser: ${error}` };
    }
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, json, text: text.slice(0, 2000) };
  }, { method, url, body });
}

async function formgrader(page) {
  await openLab(page, `${config.serviceUrl}lab`);
  await menu(page, 'Nbgrader', 'Formgrader');
  const frame = page.frameLocator('#formgrader-iframe iframe');
  // Blank on JupyterHub >= 4.1 unless the service may be framed by its own origin.
  await frame.locator('h1:has-text("Manage Assignments")').waitFor({ timeout: LONG });
  return frame;
}

async function formgraderButton(frame, column, expect) {
  const row = frame.locator('tr', { has: frame.locator('td.name', { hasText: new RegExp(`^${config.lab}$`) }) });
  await row.locator(`td.${column} a`).click();
  const modal = frame.locator('#success-modal, #error-modal').first();
  await modal.waitFor({ timeout: LONG });
  const text = await modal.innerText();
  await modal.locator('button').first().click();
  if (!new RegExp(expect).test(text)) throw new Error(`formgrader ${column}: ${text}`);
  await modal.waitFor({ state: 'detached', timeout: 30_000 }).catch(() => {});
  return text;
}

// Run a shell command in a new terminal of a Jupyter server, as its terminal page does (REST to
// create it, then its websocket), and wait for it to finish.
async function runInTerminal(page, base, command, timeoutMs) {
  const created = await api(page, 'POST', `${base}api/terminals`);
  if (created.status !== 200) throw new Error(`no terminal: ${created.status} ${created.text}`);
  const name = created.json.name;
  // The shell prints OMLAB-42-DONE-<exit status> at the end; the echoed command line does not
  // contain that text, so it cannot be mistaken for the end.
  const line = `${command} ; echo "OMLAB-$((40+2))-DONE-$?"`;
  const output = await page.evaluate(({ base, name, line, timeoutMs }) => new Promise((resolve) => {
    const url = new URL(`${base}terminals/websocket/${name}`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let out = '';
    const ws = new WebSocket(url);
    const timer = setTimeout(() => { ws.close(); resolve(`${out}\n[timed out]`); }, timeoutMs);
    ws.onopen = () => ws.send(JSON.stringify(['stdin', `${line}\r`]));
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message[0] !== 'stdout') return;
      out += message[1];
      if (/OMLAB-42-DONE-\d+/.test(out)) { clearTimeout(timer); ws.close(); resolve(out); }
    };
    ws.onerror = () => { clearTimeout(timer); resolve(`${out}\n[websocket error]`); };
  }), { base, name, line, timeoutMs });
  const done = output.match(/OMLAB-42-DONE-(\d+)/);
  return { name, output, exit: done ? Number(done[1]) : null };
}

// Wait for an item of the Assignment List, pressing its refresh button now and then (the list
// is read once when the panel opens; on a busy machine the first read can come back empty).
async function untilVisible(page, locator, list, timeoutMs = LONG) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await locator.first().waitFor({ timeout: 15_000 });
      return;
    } catch {
      await list.locator('#refresh_assignments_list').click().catch(() => {});
    }
  }
  throw new Error(`not in the Assignment List: ${await list.innerText().catch(() => '?')}`);
}

async function assignmentList(page) {
  await menu(page, 'Nbgrader', 'Assignment List');
  await page.waitForSelector('#assignments:visible', { timeout: LONG });
  return page.locator('#assignments:visible').last();
}

const steps = {
  // The trainer opens the course service, sees the formgrader inside JupyterLab, releases the lab.
  async 'trainer-release'() {
    const { context, page } = await browserFor(config.trainer);
    const frame = await formgrader(page);
    await shot(page, '1-trainer-formgrader');
    const released = await formgraderButton(frame, 'release', 'Successfully released');
    await context.close();
    return { formgraderFramed: true, released };
  },

  // A learner fetches the lab, completes it with the reference answers, runs it and submits.
  async 'learner-submit'() {
    const { context, page } = await browserFor(config.learner);
    const base = config.userUrl[config.learner];
    await openLab(page, `${base}lab?reset`);
    let list = await assignmentList(page);
    const released = list.locator('#released_assignments_list .list_item', { hasText: config.lab });
    await untilVisible(page, released.locator('button:has-text("Fetch")'), list);
    await released.locator('button:has-text("Fetch")').click();
    const fetched = list.locator('#fetched_assignments_list .list_item', { hasText: config.lab }).first();
    await fetched.waitFor({ timeout: LONG });
    await shot(page, '2-learner-fetched');

    // "Complete the lab": the learner's answer cells get the reference solution's code.
    const file = `${base}api/contents/${config.lab}/${config.lab}.ipynb`;
    const got = await api(page, 'GET', `${file}?content=1`);
    if (got.status !== 200) throw new Error(`cannot read the fetched notebook: ${got.status}`);
    const nb = got.json.content;
    let answered = 0;
    for (const cell of nb.cells) {
      const id = cell.metadata?.nbgrader?.grade_id;
      if (id && config.answers[id] !== undefined) { cell.source = config.answers[id]; answered += 1; }
    }
    const put = await api(page, 'PUT', file, { type: 'notebook', format: 'json', content: nb });
    if (put.status !== 200) throw new Error(`cannot save the notebook: ${put.status} ${put.text}`);

    // Open it, run every cell, save: the self-checks show the learner how they did.
    await page.goto(`${base}lab/tree/${config.lab}/${config.lab}.ipynb`, { timeout: LONG });
    await page.waitForSelector('.jp-Notebook .jp-Cell', { timeout: LONG });
    // Run every cell once the kernel is ready; a click before it is connected does nothing, so
    // try again until the cells start running.
    const started = () => page.evaluate(() => [...document.querySelectorAll('.jp-InputArea-prompt')]
      .some((p) => /\[(\*|\d+)\]/.test(p.textContent)));
    for (let attempt = 0; attempt < 6 && !(await started()); attempt += 1) {
      await page.locator('.jp-StatusBar-TextItem', { hasText: /Idle/ }).first()
        .waitFor({ timeout: LONG }).catch(() => {});
      await menu(page, 'Run', 'Run All Cells');
      await page.waitForFunction(() => [...document.querySelectorAll('.jp-InputArea-prompt')]
        .some((p) => /\[(\*|\d+)\]/.test(p.textContent)), null, { timeout: 20_000 }).catch(() => {});
    }
    const passes = page.locator('.jp-OutputArea-output:has-text("✅")');
    await page.waitForFunction(() => {
      const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')].map((p) => p.textContent);
      return prompts.length > 0 && prompts.every((t) => !t.includes('*')) &&
        prompts.filter((t) => /\[\d+\]/.test(t)).length >= 10;
    }, null, { timeout: LONG });
    const passCount = await passes.count();
    const failCount = await page.locator('.jp-OutputArea-output:has-text("❌")').count();
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(2000);
    await shot(page, '3-learner-ran-lab');

    await openLab(page, `${base}lab?reset`);
    list = await assignmentList(page);
    const row = list.locator('#fetched_assignments_list .list_item', { hasText: config.lab }).first();
    await untilVisible(page, row.locator('button:has-text("Submit")'), list);
    await row.locator('button:has-text("Submit")').click();
    await list.locator('#submitted_assignments_list .list_item', { hasText: config.lab }).first().waitFor({ timeout: LONG });
    await shot(page, '4-learner-submitted');
    await context.close();
    return { answered, selfChecksPassed: passCount, selfChecksFailed: failCount };
  },

  // Another learner tries what they must not: the formgrader, a classmate's server and files.
  async 'other-refused'() {
    const { context, page } = await browserFor(config.other);
    const result = {};
    const service = await page.goto(`${config.serviceUrl}lab`, { timeout: LONG });
    result.formgrader = { status: service.status(), url: page.url(), text: (await page.locator('body').innerText()).slice(0, 300) };
    result.formgraderApi = await api(page, 'GET', `${config.serviceUrl}formgrader/api/assignments`);
    await shot(page, '5-other-refused-formgrader');
    const classmate = await page.goto(`${config.userUrl[config.learner]}lab`, { timeout: LONG });
    result.classmateServer = { status: classmate.status(), url: page.url(), text: (await page.locator('body').innerText()).slice(0, 300) };
    // their own server starts, but cannot step out of their home folder
    await openLab(page, `${config.userUrl[config.other]}lab`);
    const base = config.userUrl[config.other];
    result.outsideHome = await api(page, 'GET', `${base}api/contents/..%2F${config.learner}`);
    result.classmateFiles = await api(page, 'GET', `${base}api/contents/..%2F..%2Fhome%2F${config.learner}`);
    // and the classmate's API from a page of their own origin is refused too
    result.classmateApi = await api(page, 'GET', `${config.userUrl[config.learner]}api/contents`);
    await context.close();
    return result;
  },

  // The trainer collects, autogrades with the course's fast command in a terminal of the course
  // service, reviews the scores in the formgrader, generates and releases feedback.
  async 'trainer-grade'() {
    const { context, page } = await browserFor(config.trainer);
    let frame = await formgrader(page);
    const collected = await formgraderButton(frame, 'collect', 'Successfully collected');
    await shot(page, '6-trainer-collected');

    // A terminal of the course service (what File > New > Terminal opens), running as the
    // grader account in the course folder: the trainer types the fast autograde command.
    const grading = await runInTerminal(page, config.serviceUrl, config.gradeCommand, 15 * 60_000);
    log(`terminal ${grading.name}, exit ${grading.exit}:\n${grading.output.slice(-2500)}`);
    const submission = `${config.serviceUrl}formgrader/api/submission/${config.lab}/${config.learner}`;
    const state = await api(page, 'GET', submission);
    if (!state.json?.autograded) throw new Error(`not autograded: ${JSON.stringify(state)}\n${grading.output}`);
    try { // show a terminal as the trainer sees it (File > New > Terminal)
      await page.click('.lm-MenuBar-itemLabel:text-is("File")');
      await page.hover('.lm-Menu-itemLabel:text-is("New")');
      await page.click('.lm-Menu-itemLabel:text-is("Terminal")');
      const terminal = page.locator('.jp-Terminal').last();
      await terminal.waitFor({ timeout: 60_000 });
      await page.waitForTimeout(2000);
      await terminal.click();
      await page.keyboard.type(`ls _nbgrader/autograded/*/${config.lab}\n`);
      await page.waitForTimeout(2000);
    } catch (error) {
      log(`could not show a terminal: ${error.message}`);
    }
    await shot(page, '7-trainer-autograded');

    // Review: the lab's submissions page of the formgrader lists the learner and the score.
    await menu(page, 'Nbgrader', 'Formgrader');
    frame = page.frameLocator('#formgrader-iframe iframe').last();
    await frame.locator('h1:has-text("Manage Assignments")').waitFor({ timeout: LONG });
    await frame.locator('tr', { has: frame.locator('td.name', { hasText: new RegExp(`^${config.lab}$`) }) })
      .locator('td.num-submissions a').click();
    await frame.locator(`td:has-text("${config.learner}")`).first().waitFor({ timeout: LONG });
    const review = await frame.locator('table').first().innerText();
    await shot(page, '8-trainer-review');

    await frame.locator('a:has-text("Manage Assignments")').first().click();
    await frame.locator('h1:has-text("Manage Assignments")').waitFor({ timeout: LONG });
    await formgraderButton(frame, 'generate-feedback', 'Successfully generated feedback');
    await formgraderButton(frame, 'release-feedback', 'Successfully released feedback');
    await context.close();
    return { score: state.json.score, maxScore: state.json.max_score, review, collected,
      gradingExit: grading.exit, gradingOutput: grading.output.slice(-3000) };
  },

  // The learner fetches the feedback and sees the score.
  async 'learner-feedback'() {
    const { context, page } = await browserFor(config.learner);
    const base = config.userUrl[config.learner];
    await openLab(page, `${base}lab?reset`);
    const list = await assignmentList(page);
    const row = list.locator('#submitted_assignments_list .list_item', { hasText: config.lab }).first();
    await untilVisible(page, row.locator('button:has-text("Fetch Feedback")'), list);
    await row.locator('button:has-text("Fetch Feedback")').click();
    const view = list.locator('#submitted_assignments_list a:has-text("view feedback")').first();
    await view.waitFor({ timeout: LONG });
    await view.click();
    const html = page.locator('.jp-DirListing-item', { hasText: `${config.lab}.html` }).first();
    await html.waitFor({ timeout: 60_000 });
    const folder = await page.locator('.jp-FileBrowser-crumbs').innerText();
    const found = await api(page, 'GET', `${base}api/contents/${config.lab}/feedback?content=1`);
    const stamp = found.json.content.map((c) => c.name).sort().pop();
    const feedbackUrl = `${base}files/${config.lab}/feedback/${encodeURIComponent(stamp)}/${config.lab}.html`;
    await page.goto(feedbackUrl);
    const text = await page.locator('body').innerText();
    await shot(page, '9-learner-feedback');
    await context.close();
    const score = text.match(/Score:\s*([\d.]+)\s*\/\s*([\d.]+)/);
    return { folder, score: score ? Number(score[1]) : null, maxScore: score ? Number(score[2]) : null,
      hidesChecks: !text.includes('BEGIN HIDDEN TESTS'), excerpt: text.slice(0, 400) };
  },

  // On a hub with one origin: the course service opens on the formgrader as a page of its own,
  // and nobody may frame it.
  async 'formgrader-page'() {
    const { context, page } = await browserFor(config.trainer);
    const response = await page.goto(config.serviceUrl, { timeout: LONG });
    await page.locator('h1:has-text("Manage Assignments")').waitFor({ timeout: LONG });
    const headers = response.headers();
    await page.locator('tr td.name').first().waitFor({ timeout: LONG });
    const rows = await page.locator('tr td.name').allTextContents();
    await shot(page, '12-single-origin-formgrader');
    // a page of the same origin tries to frame it: the browser refuses
    const framed = await page.evaluate(async (url) => {
      const frame = document.createElement('iframe');
      frame.src = url;
      document.body.appendChild(frame);
      await new Promise((resolve) => { frame.onload = resolve; setTimeout(resolve, 5000); });
      try { return frame.contentDocument?.body?.innerText?.includes('Manage Assignments') || false; }
      catch { return false; }
    }, `${config.serviceUrl}formgrader`);
    const url = page.url();
    await context.close();
    return { url, csp: headers['content-security-policy'] || '', rows, framed };
  },

  // A learner opens the lab from the book's nbgitpuller link, and changes an answer.
  async 'puller-open'() {
    const { context, page } = await browserFor(config.puller);
    await page.goto(config.pullerLink, { timeout: LONG });
    await page.waitForSelector('.jp-Notebook .jp-Cell', { timeout: LONG });
    const opened = page.url();
    const base = config.userUrl[config.puller];
    const file = `${base}api/contents/${config.pullerPath}`;
    const got = await api(page, 'GET', `${file}?content=1`);
    const nb = got.json.content;
    const cell = nb.cells.find((c) => c.metadata?.nbgrader?.grade_id === config.pullerCell);
    cell.source = `${config.pullerMark}\n${cell.source}`;
    const put = await api(page, 'PUT', file, { type: 'notebook', format: 'json', content: nb });
    await shot(page, '10-puller-opened');
    await context.close();
    return { opened, saved: put.status };
  },

  // After the course published a new version, the same link brings it in and keeps the work.
  async 'puller-again'() {
    const { context, page } = await browserFor(config.puller);
    await page.goto(config.pullerLink, { timeout: LONG });
    await page.waitForSelector('.jp-Notebook .jp-Cell', { timeout: LONG });
    const base = config.userUrl[config.puller];
    const got = await api(page, 'GET', `${base}api/contents/${config.pullerPath}?content=1`);
    const sources = got.json.content.cells.map((c) => c.source).join('\n');
    await shot(page, '11-puller-updated');
    await context.close();
    return { keptWork: sources.includes(config.pullerMark), gotUpdate: sources.includes(config.updateMark) };
  },
};

if (!steps[step]) {
  console.error(`unknown step ${step}; steps: ${Object.keys(steps).join(', ')}`);
  process.exit(2);
}
try {
  const result = await steps[step]();
  console.log(`RESULT ${JSON.stringify(result)}`);
} catch (error) {
  console.error(`[e2e ${step}] FAILED: ${error.stack || error}`);
  for (const [user, context] of open) {
    for (const [i, page] of context.pages().entries()) {
      try {
        await shot(page, `failed-${step}-${user}-${i}`);
        console.error(`[e2e ${step}] ${user} was at ${page.url()}:\n${(await page.locator('body').innerText()).slice(0, 1500)}`);
      } catch { /* closed */ }
    }
  }
  process.exit(1);
}
