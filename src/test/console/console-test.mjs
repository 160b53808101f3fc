// Drives the web console in Debian's chromium, as an operator would: a wrong token is refused,
// the right one logs in, a stored session is listed, its conversation opens (a failed send shown
// as failed) and sends a message (confirmed, and shown), and a held friend request is approved. Screenshots of each page go to SHOTS_DIR.
// Run by ConsoleBrowserTest; exits 0 when every step passed, 1 with the reason otherwise.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error('missing environment variable ' + name);
  return value;
};
const base = env('CONSOLE_URL');
const token = env('CONSOLE_TOKEN');
const sessionKey = env('SESSION_KEY');
const expectText = env('EXPECT_TEXT');
const requestUser = env('REQUEST_USER');
const shots = env('SHOTS_DIR');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 20000;

mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--user-data-dir=' + profile],
  defaultViewport: { width: 1280, height: 800 },
});
const page = await browser.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
// The refused login's 401 is logged by chromium as a failed resource: expected, not a problem.
page.on('console', (m) => {
  if (m.type() === 'error' && !m.text().includes('401')) problems.push('console error: ' + m.text());
});
page.on('response', (r) => {
  if (r.status() >= 400 && r.status() !== 401) problems.push(r.status() + ' for ' + r.url());
});
page.on('request', (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push('left the service: ' + r.url());
});
page.setDefaultTimeout(STEP_MS);

const shot = (name) => page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
const step = (what) => console.log('step: ' + what);
const text = () => page.evaluate(() => document.body.innerText);
// The console marks the navigation it has finished drawing; act only on that one.
const settled = () => page.waitForFunction(() => document.body.dataset.rendered === location.hash
  && location.hash !== '');

try {
  step('open the console');
  await page.goto(base + '/console', { waitUntil: 'networkidle0' });
  await page.waitForSelector('#login-form', { visible: true });
  await shot('login');

  step('a wrong token is refused');
  await page.type('#token', 'not-the-token');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
  if (await page.evaluate(() => sessionStorage.length) !== 0) throw new Error('a refused token was kept');

  step('log in');
  await page.type('#token', token);
  await page.click('#login-form button[type=submit]');
  const row = `tr[data-session="${sessionKey}"]`;
  await settled();
  await page.waitForSelector(row, { visible: true });
  await shot('sessions');
  const stored = await page.evaluate(() => ({ session: Object.keys(sessionStorage),
    local: localStorage.length, cookies: document.cookie }));
  if (stored.session.length !== 1 || stored.local !== 0 || stored.cookies !== '') {
    throw new Error('the token must live in sessionStorage only: ' + JSON.stringify(stored));
  }
  if ((await page.content()).includes(token)) throw new Error('the token is shown in the page');

  step('search sessions');
  await page.$eval('#query', (el) => { el.value = ''; });
  await page.type('#query', sessionKey.split(':')[2]);
  await page.click('#session-search button[type=submit]');
  await page.waitForFunction(() => location.hash.startsWith('#/sessions/'));
  await settled();
  await page.waitForFunction((key) => document.querySelectorAll('tr[data-session]').length === 1
    && document.querySelector(`tr[data-session="${key}"]`) !== null, {}, sessionKey);

  step('open its conversation');
  await page.click(row + ' a');
  await page.waitForFunction(() => location.hash.startsWith('#/conversation/'));
  await settled();
  await page.waitForSelector('body[data-page=conversation] tr[data-row]', { visible: true });
  if (!(await text()).includes(expectText)) throw new Error('conversation lacks "' + expectText + '"');
  if (!(await page.$('tr.failed'))) throw new Error('the failed send is not shown as failed');
  if (!(await text()).includes('[系统] 对方撤回了一条消息')) throw new Error('the recall is not shown as a system line');
  const times = await page.$$eval('tr[data-row]', (rows) => rows.map((r) => Number(r.dataset.row)));
  if (times.some((id, i) => i > 0 && id > times[i - 1])) throw new Error('not newest first: ' + times);
  await shot('conversation');

  step('send from the conversation');
  await page.type('#send-form textarea[name=message]', 'sent from the console');
  await page.click('#send-form button[type=submit]');
  // Redrawn with the new row, and the status still says it went out.
  await page.waitForFunction(() => document.body.dataset.rendered === location.hash
    && document.getElementById('status').textContent.startsWith('sent: message_id')
    && document.body.innerText.includes('sent from the console'));

  step('bots, tasks, alerts, send');
  for (const [name, selector] of [['bots', 'tr[data-bot]'], ['tasks', 'body[data-page=tasks] table'],
    ['alerts', 'body[data-page=alerts] h3'], ['send', 'body[data-page=send] #send-form']]) {
    await page.click(`nav a[data-page=${name}]`);
    await page.waitForFunction((n) => location.hash === '#/' + n, {}, name);
    await settled();
    await page.waitForSelector(selector, { visible: true });
    await shot(name);
  }

  step('approve the held request');
  await page.click('nav a[data-page=requests]');
  await page.waitForFunction(() => location.hash === '#/requests');
  await settled();
  await page.waitForSelector('tr[data-request]', { visible: true });
  const target = await page.$$eval('tr[data-request]', (rows, user) => rows
    .find((r) => r.children[3].textContent === user)?.dataset.request, requestUser);
  if (!target) throw new Error('no held request of user ' + requestUser);
  await shot('requests');
  await page.type(`tr[data-request="${target}"] input`, 'from the console');
  await page.click(`tr[data-request="${target}"] button.approve`);
  await page.waitForFunction((id) => document.querySelector(`tr[data-request="${id}"]`) === null
    && document.getElementById('status').textContent.includes('approved'), {}, target);

  step('log out');
  await page.click('#logout');
  await page.waitForSelector('#login-form', { visible: true });
  if (await page.evaluate(() => sessionStorage.length) !== 0) throw new Error('logout kept the token');
  if (problems.length) throw new Error(problems.join('; '));
  console.log('console test passed; request ' + target + ' approved');
} catch (e) {
  console.log('console test failed: ' + e.message);
  await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
