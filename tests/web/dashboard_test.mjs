// The committee's page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// the real binary builds the demo and serves it; the page must show the figures the API gives,
// change them when the date slider moves to a past day, and download a payslip as PDF.
// Usage: node dashboard_test.mjs (COOPLEDGER_BINARY names the binary). Exit code 0 on success.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const binary = process.env.COOPLEDGER_BINARY;
assert.ok(binary, 'COOPLEDGER_BINARY is not set');
const dir = mkdtempSync(join(tmpdir(), 'coopledger-web-'));
const data = join(dir, 'data');
const run = (...args) => execFileSync(binary, args, { encoding: 'utf8' });

let server = null;
let browser = null;
try {
  run('demo', '--data', data);
  const balances = JSON.parse(run('balances', '--data', data, '--format', 'json'));
  const cjs = balances.find((m) => m.activity_id.startsWith('CJS-')).activity_id;
  const committee = run('token', 'create', '--data', data, '--role', 'committee', '--scope', cjs).trim().split(' ')[1];
  const youth = balances.find((m) => m.activity_id === cjs).member_id;
  const member = run('token', 'create', '--data', data, '--role', 'member', '--member', youth).trim().split(' ')[1];
  const facilitator = run('token', 'create', '--data', data, '--role', 'facilitator', '--scope', cjs).trim().split(' ')[1];
  const client = JSON.parse(run('receivables', '--data', data, '--on', '2025-09-30', '--format', 'json')).invoices[0].client_id;

  server = spawn(binary, ['serve', '--data', data, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/127\.0\.0\.1:(\d+)\//);
      if (found) resolve(Number(found[1]));
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const api = async (path) => {
    const response = await fetch(base + path, { headers: { Authorization: `Bearer ${committee}` } });
    assert.equal(response.status, 200, path);
    return response.json();
  };
  const digits = (text) => text.replace(/[^0-9]/g, '').replace(/^0+/, '') || '0';
  const revenueOf = (dashboard) => dashboard.revenue_by_month.reduce((sum, m) => sum + m.invoiced_excl_vat_cents, 0);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(base + '/');
  await page.fill('#token', committee);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#payslips button.pdf');

  // Today's figures: what the API says as known now.
  const last = await page.$eval('#known-at', (slider) => slider.max);
  const lastDay = await page.evaluate(() => document.body.dataset.loadedKnownAt);
  const now = await api(`/api/activities/${cjs}/dashboard?known_at=${lastDay}T23:59:59Z&on=${lastDay}`);
  assert.equal(digits(await page.textContent('#revenue-total')), digits(String(revenueOf(now))));
  assert.match(await page.textContent('#activity-name'), /CJS/);
  assert.ok(await page.$$eval('#revenue-chart rect.bar', (bars) => bars.length) > 0, 'revenue chart has bars');
  const hoursNow = await page.textContent('#hours');

  // Move the slider back to 15 July 2025: the books as they were known then.
  const past = '2025-07-15';
  const index = await page.evaluate((day) => {
    const slider = document.getElementById('known-at');
    for (let i = 0; i <= Number(slider.max); i++) {
      slider.value = String(i);
      slider.dispatchEvent(new Event('input'));
      if (document.getElementById('known-at-label').textContent === '15 juil. 2025') return i;
    }
    return -1;
  }, past);
  assert.ok(index >= 0 && index < Number(last), `slider has ${past}`);
  await page.$eval('#known-at', (slider) => slider.dispatchEvent(new Event('change')));
  await page.waitForSelector(`body[data-loaded-known-at="${past}"]`);
  const then = await api(`/api/activities/${cjs}/dashboard?known_at=${past}T23:59:59Z&on=${past}`);
  assert.notEqual(revenueOf(then), revenueOf(now), 'the demo invoiced more after 15 July');
  assert.equal(digits(await page.textContent('#revenue-total')), digits(String(revenueOf(then))));
  assert.notEqual(await page.textContent('#hours'), hoursNow, 'hours by member changed');
  assert.match(await page.textContent('#known-seq'), new RegExp(`${then.known_at.seq}`));

  // Back to today, then download the first payslip.
  await page.$eval('#known-at', (slider, max) => {
    slider.value = max;
    slider.dispatchEvent(new Event('change'));
  }, last);
  await page.waitForSelector(`body[data-loaded-known-at="${lastDay}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#payslips button.pdf')]);
  const saved = join(dir, 'payslip.pdf');
  await download.saveAs(saved);
  assert.equal(readFileSync(saved).subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(download.suggestedFilename(), /^bulletin-\d{4}-\d{2}-.+\.pdf$/);

  // A member sees their own payslips only, and downloads one.
  const own = await browser.newPage({ acceptDownloads: true });
  await own.goto(base + '/');
  await own.fill('#token', member);
  await own.click('#login-form button[type=submit]');
  await own.waitForSelector('#my-payslips button.pdf');
  const members = await own.$$eval('#my-payslips button.pdf', (buttons) => buttons.map((b) => b.dataset.member));
  assert.ok(members.length > 0 && members.every((m) => m === youth), `only ${youth}'s payslips: ${members}`);
  assert.ok(await own.isHidden('#dashboard'), 'no dashboard for a member');
  const [mine] = await Promise.all([own.waitForEvent('download'), own.click('#my-payslips button.pdf')]);
  await mine.saveAs(join(dir, 'mine.pdf'));
  assert.equal(readFileSync(join(dir, 'mine.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
  // The youth's season is over: their certificat de travail is on their page.
  await own.waitForSelector('#my-end-of-contract button[data-document=work-certificate]');
  const [certificate] = await Promise.all([own.waitForEvent('download'),
    own.click('#my-end-of-contract button[data-document=work-certificate]')]);
  assert.equal(certificate.suggestedFilename(), `certificat-de-travail-${youth}.pdf`);
  await certificate.saveAs(join(dir, 'certificate.pdf'));
  assert.equal(readFileSync(join(dir, 'certificate.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');

  // The facilitator records a job and its hours from the page; the member's hours grow.
  const desk = await browser.newPage();
  await desk.goto(base + '/');
  await desk.fill('#token', facilitator);
  await desk.click('#login-form button[type=submit]');
  await desk.waitForSelector(`#hours-member option[value="${youth}"]`, { state: 'attached' });
  const before = await desk.textContent('#facilitator-hours');
  await desk.fill('#job-form [name=job_id]', 'J-WEB-1');
  await desk.fill('#job-form [name=client_id]', client);
  await desk.fill('#job-form [name=service]', 'Jardinage');
  await desk.fill('#job-form [name=scheduled_on]', '2025-08-20');
  await desk.fill('#job-form [name=agreed_price]', '120,00');
  await desk.click('#job-form button');
  await desk.waitForFunction(() => document.getElementById('facilitator-result').textContent.startsWith('Enregistré'));
  await desk.selectOption('#hours-member', youth);
  await desk.fill('#hours-form [name=job_id]', 'J-WEB-1');
  await desk.fill('#hours-form [name=day]', '2025-08-20');
  await desk.fill('#hours-form [name=start]', '14:00');
  await desk.fill('#hours-form [name=duration]', '1,5');
  await desk.evaluate(() => { document.getElementById('facilitator-result').textContent = ''; });
  await desk.click('#hours-form button');
  await desk.waitForFunction(() => /^(Enregistré|Refusé)/.test(document.getElementById('facilitator-result').textContent));
  assert.match(await desk.textContent('#facilitator-result'), /^Enregistré/);
  await desk.waitForFunction((old) => document.getElementById('facilitator-hours').textContent !== old, before);
  const logged = JSON.parse(run('log', '--data', data, '--stream', `member/${youth}`)
    .trim().split('\n').pop());
  assert.equal(logged.type, 'HoursLogged');
  assert.equal(logged.body.minutes, 90);
  assert.equal(logged.actor.role, 'facilitator');
  console.log('ok: dashboard, slider to', past, 'payslip downloads (committee and member), certificat de travail, facilitator entry');
} finally {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
}
