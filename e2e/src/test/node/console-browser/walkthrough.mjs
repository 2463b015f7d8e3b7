// The operators' walkthrough in the console, in a headless Chromium (@sparticuz/chromium through puppeteer-core):
// sign in with the keyboard, find the dead letter the sandbox's rejection made, open its profile, count a replay with
// a dry run, replay it and see it delivered. Every page gets an axe-core check (serious and critical violations fail)
// and a screenshot. ConsoleBrowser (the Java side) passes the URLs and the operator's client in the environment.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('CONSOLE_URL');
const clientId = env('CLIENT_ID');
const clientSecret = env('CLIENT_SECRET');
const uid = env('UID');
const connector = env('CONNECTOR');
const screenshots = env('SCREENSHOTS');
const STEP_TIMEOUT = 60_000;
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const report = { pages: {} };
const browserErrors = [];

await mkdir(screenshots, { recursive: true });
const browser = await puppeteer.launch({
  args: chromium.args, executablePath: await chromium.executablePath(), headless: true,
  defaultViewport: { width: 1366, height: 768 }, // a laptop screen
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('pageerror', (error) => browserErrors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') browserErrors.push(message.text()); });

  // Sign in with the keyboard only; a wrong secret first, which must say so.
  await page.goto(`${base}/sign-in`);
  await checkPage(page, 'sign-in');
  await signInWithKeyboard(page, 'not-the-secret');
  assert.match(await text(page, '.alert'), /refused/, 'a wrong secret is refused with token-service\'s reason');
  browserErrors.length = 0; // the 401 answer of the refused sign-in is logged by Chromium as a failed resource
  await page.goto(`${base}/sign-in`);
  await signInWithKeyboard(page, clientSecret);
  assert.equal(new URL(page.url()).pathname, '/', 'signed in, on the overview');
  const cookie = (await page.cookies()).find((c) => c.name === 'pb_console_token');
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the token is in an HttpOnly, SameSite=Strict cookie');
  assert.equal(await page.evaluate(() => document.cookie), '', 'no script on the page can read it');
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing else is stored');

  // Overview: a chart per connector, drawn by Chart.js.
  await page.waitForFunction((name) => window.Chart && Chart.getChart(document.getElementById(`chart-${name}`)), {}, connector);
  const overview = await text(page, `section[aria-labelledby="connector-${connector}"]`);
  assert.match(overview, /Dead letters stored\s*[1-9]/, 'the overview counts the dead letter');
  assert.match(overview, /Target\s*reachable/);
  await checkPage(page, 'overview');

  // Dead letters: filter by reason and UID, open the decoded one.
  await page.click('nav a[href="/dead-letters"]');
  await page.waitForSelector('form[aria-label="Filter"]');
  await page.select('#connector', connector);
  await page.type('#reason', 'RejectedByTarget');
  await page.type('#uid', uid);
  await Promise.all([page.waitForNavigation(), page.click('form[aria-label="Filter"] button[type="submit"]')]);
  const rows = await page.$$eval('table.letters tbody tr', (trs) => trs.map((tr) => tr.innerText));
  assert.equal(rows.length, 1, `one dead letter of ${uid}: ${rows}`);
  assert.match(rows[0], /RejectedByTarget/);
  assert.match(rows[0], /\b400\b/);
  await page.click('table.letters tbody tr details summary');
  assert.match(await text(page, 'table.letters tbody tr details pre'), new RegExp(`"UID" : "${uid}"|"uid" : "${uid}"`));
  await checkPage(page, 'dead-letters');

  // Its profile: accepted by ingest, delivered to the other connector, not to this one, with the dead letter.
  await Promise.all([page.waitForNavigation(), page.click(`table.letters tbody tr a[href*="${encodeURIComponent(uid)}"]`)]);
  assert.match(await text(page, 'h1'), new RegExp(uid));
  assert.ok((await page.$$('section[aria-labelledby="accepted"] tbody tr')).length >= 1, 'ingest accepted versions are listed');
  const here = await text(page, `section[aria-labelledby="in-${connector}"]`);
  assert.match(here, /Not delivered/);
  assert.match(here, /RejectedByTarget/);
  await checkPage(page, 'profile');

  // Replays: a dry run from the profile's link, with its numbers.
  await Promise.all([page.waitForNavigation(), page.click(`section[aria-labelledby="in-${connector}"] a[href^="/replays"]`)]);
  assert.equal(await page.$eval('#uid', (input) => input.value), uid, 'the replay form carries the UID');
  await checkPage(page, 'replays');
  await Promise.all([page.waitForNavigation(), page.click('button[value="dry-run"]')]);
  assert.deepEqual(await counts(page), { status: 'done', matched: '1', replayed: '1', stale: '0', excluded: '0' },
    'the dry run would replay the one dead letter');
  await checkPage(page, 'dry-run');

  // The replay at 5 a second, followed until done.
  await page.goto(`${base}/replays?connector=${connector}&uid=${encodeURIComponent(uid)}`);
  await page.$eval('#maxPerSecond', (input) => { input.value = ''; });
  await page.type('#maxPerSecond', '5');
  await Promise.all([page.waitForNavigation(), page.click('button[value="start"]')]);
  const replayPage = page.url();
  await until(async () => {
    await page.goto(replayPage);
    return (await counts(page)).status === 'done';
  }, 'the replay finishes');
  assert.deepEqual(await counts(page), { status: 'done', matched: '1', replayed: '1', stale: '0', excluded: '0' });
  assert.match(await text(page, 'main'), new RegExp(`Asked by ${clientId}`), 'the page names who asked');
  await checkPage(page, 'replay');

  // The audit trail lists both, and the profile shows it delivered.
  await page.goto(`${base}/replays?connector=${connector}`);
  const audit = await text(page, 'table');
  assert.match(audit, new RegExp(`${clientId}\\s+dry run`));
  assert.match(audit, new RegExp(`${clientId}\\s+replay at 5/s`));
  await until(async () => {
    await page.goto(`${base}/profiles?uid=${encodeURIComponent(uid)}`);
    return /Delivered version/.test(await text(page, `section[aria-labelledby="in-${connector}"]`));
  }, 'the profile page shows the replayed version delivered');
  await checkPage(page, 'profile-delivered');
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}

async function signInWithKeyboard(page, secret) {
  await page.focus('body');
  await page.keyboard.press('Tab'); // the skip link
  await page.keyboard.press('Tab'); // the client id
  assert.equal(await page.evaluate(() => document.activeElement.id), 'clientId', 'the form is reached with Tab');
  await page.$eval('#clientId', (input) => { input.value = ''; });
  await page.keyboard.type(clientId);
  await page.keyboard.press('Tab');
  await page.keyboard.type(secret);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function counts(page) {
  const read = (id) => page.$eval(id, (element) => element.textContent.trim());
  return { status: await read('#replay-status'), matched: await read('#count-matched'), replayed: await read('#count-replayed'),
    stale: await read('#count-stale'), excluded: await read('#count-excluded') };
}

async function text(page, selector) {
  return page.$eval(selector, (element) => element.innerText);
}

async function until(condition, what) {
  const deadline = Date.now() + STEP_TIMEOUT;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** axe-core's WCAG 2 A/AA rules and best practices: serious or critical violations fail; then the screenshot. */
async function checkPage(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  report.pages[name] = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(serious, [], `${name}: accessibility`);
  assert.deepEqual(browserErrors, [], `${name}: errors in the browser (a script blocked, a failed resource)`);
}
