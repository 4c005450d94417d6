// coopledger's page: the committee's dashboard with its date slider, the facilitator's daily
// entry and the member's payslips. Plain JavaScript, no library, no external request.
'use strict';

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const money = (cents) => euro.format(cents / 100);
const hours = (minutes) =>
  (minutes / 60).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' h';
const monthNames = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const monthLabel = (key) => `${monthNames[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
const dayLabel = (day) => `${Number(day.slice(8, 10))} ${monthNames[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
const $ = (id) => document.getElementById(id);

let token = sessionStorage.getItem('coopledger-token') || '';
let me = null;
let days = [];  // The slider's days, YYYY-MM-DD, from the first recorded event to the last.

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {}, { Authorization: 'Bearer ' + token });
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let message = String(response.status);
    try {
      const body = await response.json();
      message = `${body.error.code} : ${body.error.message}`;
    } catch (ignored) { /* Not JSON: keep the status. */ }
    throw new Error(message);
  }
  return response;
}
const getJson = async (path) => (await api(path)).json();

// Fills `element` with a table. A cell is text, or {text, num: true} for a right-aligned number.
function fillTable(element, headers, rows) {
  element.replaceChildren();
  const head = element.createTHead().insertRow();
  headers.forEach((header) => {
    const th = document.createElement('th');
    const numeric = typeof header === 'object';
    th.textContent = numeric ? header.text : header;
    if (numeric) th.className = 'num';
    head.appendChild(th);
  });
  const body = element.createTBody();
  rows.forEach((cells) => {
    const row = body.insertRow();
    cells.forEach((cell) => {
      const td = row.insertCell();
      if (cell instanceof Node) td.appendChild(cell);
      else if (typeof cell === 'object') { td.textContent = cell.text; td.className = 'num'; }
      else td.textContent = cell;
    });
  });
  if (rows.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = headers.length;
    td.className = 'muted';
    td.textContent = 'Rien à cette date.';
  }
}

// Bars of revenue per month, drawn as SVG.
function drawRevenue(element, months) {
  const width = 460, height = 180, bottom = 30, top = 18;
  const max = Math.max(1, ...months.map((m) => m.invoiced_excl_vat_cents));
  const step = months.length ? width / months.length : width;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', "Chiffre d'affaires facturé par mois");
  months.forEach((month, i) => {
    const barHeight = (height - bottom - top) * month.invoiced_excl_vat_cents / max;
    const x = i * step + step * 0.15;
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('class', 'bar');
    rect.setAttribute('x', x);
    rect.setAttribute('y', height - bottom - barHeight);
    rect.setAttribute('width', step * 0.7);
    rect.setAttribute('height', barHeight);
    rect.dataset.month = month.month;
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${monthLabel(month.month)} : ${money(month.invoiced_excl_vat_cents)}`;
    rect.appendChild(title);
    svg.appendChild(rect);
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', x);
    value.setAttribute('y', height - bottom - barHeight - 4);
    value.textContent = money(month.invoiced_excl_vat_cents);
    svg.appendChild(value);
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', x);
    label.setAttribute('y', height - bottom + 16);
    label.textContent = monthLabel(month.month);
    svg.appendChild(label);
  });
  element.replaceChildren(svg);
}

function selectedDay() { return days[Number($('known-at').value)] || ''; }

function knownAtQuery() {
  const day = selectedDay();
  return day ? `known_at=${day}T23:59:59Z&on=${day}` : '';
}

// Fetches `path` with the token and hands it to the browser as the file `name`.
async function download(path, name) {
  const response = await api(path);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function pdfButton(payslip) {
  const button = document.createElement('button');
  button.textContent = 'PDF';
  button.className = 'pdf';
  button.dataset.member = payslip.member_id;
  button.dataset.month = payslip.month;
  button.addEventListener('click', () => download(`/api/payslips/${payslip.month}/${payslip.member_id}/pdf`,
    `bulletin-${payslip.month}-${payslip.member_id}.pdf`));
  return button;
}

function payslipRows(payslips, names) {
  return payslips.map((p) => [names[p.member_id] || p.member_id, monthLabel(p.month), { text: hours(p.paid_minutes) },
    { text: money(p.gross_cents) }, { text: money(p.net_paid_cents) }, pdfButton(p)]);
}

async function showDashboard() {
  const activity = me.activity || $('activity').value;
  const query = knownAtQuery();
  const data = await getJson(`/api/activities/${encodeURIComponent(activity)}/dashboard?${query}`);
  const payslips = await getJson(`/api/payslips?activity=${encodeURIComponent(activity)}&${query.split('&')[0]}`);
  $('activity-name').textContent = `${data.activity.name || activity} (${activity})`;
  $('known-seq').textContent = `jusqu'à l'événement n° ${data.known_at.seq}`;
  drawRevenue($('revenue-chart'), data.revenue_by_month);
  const revenue = data.revenue_by_month.reduce((sum, m) => sum + m.invoiced_excl_vat_cents, 0);
  $('revenue-total').textContent = money(revenue);
  const a = data.activity_account;
  fillTable($('account'), ['Poste', { text: 'Montant' }], [
    ['Facturé HT', { text: money(a.invoiced_cents) }], ['Encaissé TTC', { text: money(a.collected_cents) }],
    ['Contribution à la CAE', { text: money(a.contribution_cents) }], ['Dépenses HT', { text: money(a.expenses_cents) }],
    ['Autofinancement et subventions', { text: money(a.other_income_cents) }], ['Résultat', { text: money(a.result_cents) }]]);
  const names = {};
  data.members.forEach((m) => { names[m.member_id] = m.name ? `${m.name} (${m.member_id})` : m.member_id; });
  fillTable($('hours'), ['Membre', { text: 'Chantiers' }, { text: 'Tâches internes' }, { text: 'Bénévolat' }],
    data.members.map((m) => [names[m.member_id], { text: hours(m.paid_minutes) },
      { text: hours(m.internal_minutes) }, { text: hours(m.volunteer_minutes) }]));
  const r = data.receivables;
  $('receivables-total').textContent = money(r.total_open_cents);
  fillTable($('ageing'), ['Ancienneté', { text: 'Reste dû' }],
    Object.entries(r.ageing).map(([bucket, cents]) => [`${bucket} jours`, { text: money(cents) }]));
  fillTable($('invoices'), ['Facture', 'Client', 'Échéance', { text: 'Reste dû' }, 'Relance due'],
    r.invoices.map((i) => [i.invoice_number, i.client_id, i.due_on, { text: money(i.open_cents) }, i.reminder_due ? 'oui' : 'non']));
  fillTable($('payroll'), ['Mois', { text: 'Bulletins' }, { text: 'Brut' }, { text: 'Net payé' }, { text: 'Coût employeur' }],
    data.payroll.map((p) => [monthLabel(p.month), { text: String(p.payslips) }, { text: money(p.gross_cents) },
      { text: money(p.net_paid_cents) }, { text: money(p.employer_cost_cents) }]));
  fillTable($('payslips'), ['Membre', 'Mois', { text: 'Heures' }, { text: 'Brut' }, { text: 'Net payé' }, ''],
    payslipRows(payslips.payslips, names));
  document.body.dataset.loadedKnownAt = selectedDay();
}

async function startDashboard() {
  $('dashboard').hidden = false;
  if (!me.activity) {
    $('activity-choice').hidden = false;
    $('activity').replaceChildren(...me.activities.map((a) => new Option(`${a.name} (${a.activity_id})`, a.activity_id)));
    $('activity').addEventListener('change', () => showDashboard().catch(showError));
  }
  days = [];
  if (me.first_recorded_at) {
    const last = new Date(me.last_recorded_at.slice(0, 10) + 'T00:00:00Z');
    for (let d = new Date(me.first_recorded_at.slice(0, 10) + 'T00:00:00Z'); d <= last; d.setUTCDate(d.getUTCDate() + 1)) {
      days.push(d.toISOString().slice(0, 10));
    }
  }
  const slider = $('known-at');
  slider.max = Math.max(0, days.length - 1);
  slider.value = slider.max;
  const label = () => { $('known-at-label').textContent = selectedDay() ? dayLabel(selectedDay()) : ''; };
  label();
  slider.addEventListener('input', label);
  slider.addEventListener('change', () => showDashboard().catch(showError));
  await showDashboard();
}

async function startFacilitator() {
  $('facilitator').hidden = false;
  const today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll('#facilitator input[type=date]').forEach((input) => { input.value = today; });
  const refresh = async () => {
    const balances = await getJson('/api/balances');
    $('hours-member').replaceChildren(...balances.members.map((m) => new Option(m.name ? `${m.name} (${m.member_id})` : m.member_id, m.member_id)));
    fillTable($('facilitator-hours'), ['Membre', { text: 'Chantiers' }, { text: 'Tâches internes' }],
      balances.members.map((m) => [m.name || m.member_id, { text: hours(m.paid_minutes) }, { text: hours(m.internal_minutes) }]));
  };
  const send = async (command, body) => {
    const response = await api(`/api/commands/${command}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json();
    $('facilitator-result').textContent = `Enregistré (événement n° ${answer.seqs.join(', ')}).`;
    await refresh();
  };
  const fail = (error) => { $('facilitator-result').textContent = 'Refusé : ' + error.message; };
  $('job-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const f = new FormData(event.target);
    const cents = Math.round(Number(String(f.get('agreed_price')).replace(/\s|€/g, '').replace(',', '.')) * 100);
    send('agree-job', { job_id: f.get('job_id'), client_id: f.get('client_id'), activity_id: me.activity,
      service: f.get('service'), scheduled_on: f.get('scheduled_on'), agreed_price_cents: cents }).catch(fail);
  });
  $('hours-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const f = new FormData(event.target);
    const [h, m] = String(f.get('start')).split(':').map(Number);
    const text = String(f.get('duration')).replace(',', '.');
    const minutes = text.includes(':') ? Number(text.split(':')[0]) * 60 + Number(text.split(':')[1]) : Math.round(Number(text) * 60);
    send('log-hours', { member_id: f.get('member_id'), job_id: f.get('job_id'), internal_task: 'none',
      day: f.get('day'), start_minute: h * 60 + m, minutes }).catch(fail);
  });
  await refresh();
}

async function startMember() {
  $('member').hidden = false;
  const payslips = await getJson('/api/payslips');
  fillTable($('my-payslips'), ['Membre', 'Mois', { text: 'Heures' }, { text: 'Brut' }, { text: 'Net payé' }, ''],
    payslipRows(payslips.payslips, {}));
  if (me.end_of_contract_documents) {
    $('my-end-of-contract').hidden = false;
    const names = { 'work-certificate': 'certificat-de-travail', 'final-settlement-receipt': 'solde-de-tout-compte' };
    for (const button of document.querySelectorAll('#my-end-of-contract button')) {
      const document_ = button.dataset.document;
      button.addEventListener('click', () => download(`/api/end-of-contract/${me.member}/${document_}`,
        `${names[document_]}-${me.member}.pdf`).catch(showError));
    }
  }
  const balances = await getJson('/api/balances');
  const months = balances.members.length ? Object.entries(balances.members[0].months) : [];
  fillTable($('my-hours'), ['Mois', { text: 'Chantiers' }, { text: 'Tâches internes' }, { text: 'Bénévolat' }],
    months.map(([month, h]) => [monthLabel(month), { text: hours(h.paid_minutes) }, { text: hours(h.internal_minutes) }, { text: hours(h.volunteer_minutes) }]));
}

const roleLabels = { admin: 'administration de la CAE', support: "équipe d'appui", facilitator: 'animateur·rice',
  committee: 'comité de pilotage', accountant: 'expert-comptable', member: 'membre' };

function showError(error) { $('login-error').textContent = error.message; $('login').hidden = false; }

async function start() {
  if (!token) return;
  try {
    me = await getJson('/api/me');
  } catch (error) {
    sessionStorage.removeItem('coopledger-token');
    return showError(error);
  }
  sessionStorage.setItem('coopledger-token', token);
  $('login').hidden = true;
  $('logout').hidden = false;
  $('who').textContent = `${roleLabels[me.role] || me.role}${me.activity ? ' — ' + me.activity : ''}${me.member ? ' — ' + me.member : ''}`;
  if (me.role === 'facilitator') return startFacilitator().catch(showError);
  if (me.role === 'member') return startMember().catch(showError);
  return startDashboard().catch(showError);
}

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  start();
});
$('logout').addEventListener('click', () => { sessionStorage.removeItem('coopledger-token'); location.reload(); });
start();
