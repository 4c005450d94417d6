// Generates tests/data/payroll/urssaf-grid.json: coopledger `payroll simulate` inputs and the
// amounts the public URSSAF rules model (modele-social, evaluated with publicodes) returns for them.
//
//   npm ci && node generate-grid.mjs            write the grid
//   node generate-grid.mjs --time               also time the model (ms per situation)
//   node generate-grid.mjs --out FILE           write somewhere else
//
// 2024-01 .. 2025-12 use modele-social@10.0.0, 2026 uses modele-social@11.1.0.
// See README.md for the mapping from simulate inputs to model situations.

import Engine from 'publicodes';
import rules10 from 'modele-social-10';
import rules11 from 'modele-social-11';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outPath = args.includes('--out')
  ? resolve(args[args.indexOf('--out') + 1])
  : resolve(here, '../../tests/data/payroll/urssaf-grid.json');
const wantTiming = args.includes('--time');

const lock = JSON.parse(readFileSync(resolve(here, 'package-lock.json'), 'utf8'));
const versionOf = (dir) => lock.packages[`node_modules/${dir}`].version;
const MODEL_10 = `modele-social@${versionOf('modele-social-10')}`;
const MODEL_11 = `modele-social@${versionOf('modele-social-11')}`;
const PUBLICODES = `publicodes@${versionOf('publicodes')}`;

// The model logs warnings (experimental rules, evaluation cycles) on every evaluation.
const quiet = { logger: { log() {}, warn() {}, error(m) { console.error(m); } } };
const engines = {
  10: new Engine(rules10, quiet),
  11: new Engine(rules11, quiet),
};
const modelFor = (month) => (month >= '2026-01' ? 11 : 10);

// ---------------------------------------------------------------------------------------------
// Inputs -> model situation

const FULL_TIME_HOURS = 151.67; // the spec's full time; the model's is 35 * 52 / 12 = 151.666...
const eur = (cents) => `${(cents / 100).toFixed(2)} €/mois`;

function headcountThreshold(n) {
  // entreprise . salariés . effectif . seuil: the model only knows bands and maps each band to
  // one number (4, 10, 19, 49, 149, 249/250, 250/251).
  if (n < 5) return 'moins de 5';
  if (n < 11) return 'moins de 11';
  if (n < 20) return 'moins de 20';
  if (n < 50) return 'moins de 50';
  if (n < 150) return 'moins de 150';
  if (n < 250) return 'moins de 250';
  return 'plus de 250';
}

function situationFor(input) {
  const [y, m] = input.month.split('-');
  const s = {
    date: `'01/${m}/${y}'`,
    dirigeant: 'non',
    'situation personnelle . RSA': 'non',
    'situation personnelle . domiciliation fiscale à l\'étranger': 'non',
    'établissement . commune . département . outre-mer': 'non',
    'salarié . régimes spécifiques . alsace moselle': 'non',
    'salarié . régimes spécifiques . DFS': 'non',
    'salarié . régimes spécifiques . impatriés': 'non',
    'salarié . régimes spécifiques . taux réduits': 'non',
    'salarié . cotisations . assiette forfaitaire . rémunération réelle': 'oui',
    'salarié . convention collective': "'droit commun'",
    'salarié . contrat': `'${input.contract}'`,
    'salarié . contrat . statut cadre': 'non',
    'salarié . contrat . date d\'embauche': `01/${m}/${y}`,
    'salarié . contrat . salaire brut': eur(input.base_gross_cents),
    'salarié . temps de travail . heures supplémentaires': '0 heure/mois',
    'salarié . temps de travail . heures complémentaires': '0 heure/mois',
    'salarié . rémunération . avantages en nature': 'non',
    'salarié . rémunération . frais professionnels . titres-restaurant': 'non',
    'salarié . rémunération . frais professionnels . trajets domicile travail . transports publics . montant': '0 €/mois',
    'salarié . rémunération . frais professionnels . trajets domicile travail . prime de transport . montant': '0 €/an',
    'salarié . rémunération . frais professionnels . trajets domicile travail . forfait mobilités durables . montant': '0 €/an',
    'salarié . rémunération . primes . fin d\'année': 'non',
    'salarié . activité partielle': 'non',
    'salarié . cotisations . exonérations . réduction générale . caisse de congés payés': 'non',
    'entreprise . salariés . effectif . seuil': `'${headcountThreshold(input.headcount ?? 10)}'`,
    'entreprise . salariés . ratio alternants': '0 %',
    'entreprise . association non lucrative': 'non',
    'établissement . ZFU': 'non',
    'salarié . cotisations . ATMP . taux fonctions support': 'non',
    'établissement . taux ATMP': input.atmp_rate_bp !== undefined
      ? `${input.atmp_rate_bp / 100} %`
      : 'salarié . cotisations . ATMP . taux moyen',
    'établissement . commune . taux versement mobilité': '0 %',
    'salarié . cotisations . prévoyances . santé . montant': eur(input.health_insurance_monthly_cents ?? 0),
    'salarié . cotisations . prévoyances . santé . taux employeur':
      `${(input.health_insurance_employer_share_bp ?? 5000) / 100} %`,
  };
  if (input.month >= '2026-01') {
    // 11.1.0 removed the caisse de congés payés question from the réduction générale rule.
    delete s['salarié . cotisations . exonérations . réduction générale . caisse de congés payés'];
    s['salarié . cotisations . exonérations . RGDU . caisse de congés payés'] = 'non';
  }

  // Hours: the model takes hours per week for a part-time contract (x 52/12 for the month).
  const hours = input.hours ?? input.time_fraction * FULL_TIME_HOURS;
  const fullTime = input.hours !== undefined ? input.hours >= FULL_TIME_HOURS : input.time_fraction >= 1;
  if (fullTime) {
    s['salarié . contrat . temps de travail . temps partiel'] = 'non';
  } else {
    s['salarié . contrat . temps de travail . temps partiel'] = 'oui';
    const perWeek = input.hours !== undefined ? (input.hours * 12) / 52 : 35 * input.time_fraction;
    s['salarié . contrat . temps de travail . temps partiel . heures par semaine'] = `${perWeek} heure/semaine`;
  }

  const ifc = input.end_of_contract_indemnity_cents ?? 0;
  const iccp = input.paid_leave_indemnity_cents ?? 0;
  if (input.contract === 'CDD') {
    const months = input.contract_months ?? 2;
    s['salarié . contrat . CDD . durée'] = `${months} mois`;
    s['salarié . contrat . CDD . motif'] = "'classique . accroissement activité'";
    s['salarié . contrat . CDD . reconduction en CDI'] = 'non';
    s['salarié . contrat . CDD . indemnité de fin de contrat . rupture sans indemnité'] = 'non';
    s['salarié . contrat . CDD . indemnité de fin de contrat . CDD jeune vacances'] =
      input.school_holiday_job ? 'oui' : 'non';
    // The model spreads both indemnities over the months of the contract and computes them
    // itself; we feed the amounts of the month instead by setting the two rules.
    if (ifc > 0) {
      s['salarié . contrat . CDD . indemnité de fin de contrat'] = 'oui';
      s['salarié . rémunération . indemnités CDD . fin de contrat'] = eur(ifc);
    } else {
      s['salarié . contrat . CDD . indemnité de fin de contrat'] = 'non';
    }
    if (iccp > 0) {
      s['salarié . contrat . CDD . congés pris'] = '0 jour ouvré';
      s['salarié . rémunération . indemnités CDD . congés payés'] = eur(iccp);
    } else {
      s['salarié . contrat . CDD . congés pris'] =
        'salarié . contrat . CDD . congés pris . congés dus sur la durée du contrat';
    }
    s['salarié . rémunération . primes . activité . base'] = '0 €/mois';
  } else {
    // No indemnités CDD for a CDI: a paid-leave indemnity (leaving employee) is fed as a prime
    // d'activité, which enters the gross, every contribution base and the reduction base but not
    // SMIC_ref - exactly like the ICCP. CDI cases never carry an end-of-contract indemnity.
    if (ifc > 0) throw new Error('CDI case with an end-of-contract indemnity');
    s['salarié . rémunération . primes . activité . base'] = eur(iccp);
  }

  if (input.income_tax === 'neutral' || input.income_tax === undefined) {
    s['impôt . méthode de calcul'] = "'taux neutre'";
  } else {
    s['impôt . méthode de calcul'] = "'taux personnalisé'";
    s['impôt . taux personnalisé'] = `${input.income_tax.rate_bp / 100} %`;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Model -> expected output

const P = 'salarié . cotisations . ';
const num = (node) => (typeof node.nodeValue === 'number' ? node.nodeValue : 0);

function barèmeTranches(node, depth = 0) {
  if (!node || typeof node !== 'object' || depth > 12) return undefined;
  if (node.nodeKind === 'barème') return node.explanation.tranches.map((t) => t.nodeValue ?? 0);
  for (const v of Object.values(node.explanation ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) {
      const r = barèmeTranches(x, depth + 1);
      if (r) return r;
    }
  }
  return undefined;
}

function evaluateCase(engine, version, input) {
  engine.setSituation(situationFor(input));
  const ev = (rule) => num(engine.evaluate(rule));
  const evMonth = (rule) => num(engine.evaluate({ valeur: rule, unité: '€/mois' }));
  const tranches = (rule) => {
    const t = barèmeTranches(engine.evaluate(rule));
    if (!t) throw new Error(`no barème in ${rule}`);
    return t;
  };

  const reductionRule = version === 11 ? 'exonérations . RGDU' : 'exonérations . réduction générale';
  const reduction = ev(P + reductionRule);
  const coefficient = ev(P + reductionRule + ' . coefficient');
  const rcS = tranches(P + 'retraite complémentaire . salarié');
  const rcE = tranches(P + 'retraite complémentaire . employeur');
  const cegS = tranches(P + 'CEG . salarié');
  const cegE = tranches(P + 'CEG . employeur');

  const lines = {
    maladie: [ev(P + 'maladie . salarié'), ev(P + 'maladie . employeur')],
    vieillesse_plafonnee: [ev(P + 'vieillesse . salarié . plafonnée'), ev(P + 'vieillesse . employeur . plafonnée')],
    vieillesse_deplafonnee: [ev(P + 'vieillesse . salarié . déplafonnée'), ev(P + 'vieillesse . employeur . déplafonnée')],
    allocations_familiales: [0, ev(P + 'allocations familiales')],
    accident_travail: [0, ev(P + 'ATMP')],
    csa: [0, ev(P + 'CSA')],
    fnal: [0, ev(P + 'FNAL')],
    chomage: [0, ev(P + 'chômage')],
    ags: [0, ev(P + 'AGS')],
    retraite_complementaire_t1: [rcS[0], rcE[0]],
    ceg_t1: [cegS[0], cegE[0]],
    // Not in the spec's code list: tranche 2 (1 to 8 PSS) and the CET (above 1 PSS).
    retraite_complementaire_t2: [rcS[1] ?? 0, rcE[1] ?? 0],
    ceg_t2: [cegS[1] ?? 0, cegE[1] ?? 0],
    cet: [ev(P + 'CET . salarié'), ev(P + 'CET . employeur')],
    formation_professionnelle: [0, ev(P + 'formation professionnelle')],
    taxe_apprentissage: [0, ev(P + "taxe d'apprentissage . base")],
    taxe_apprentissage_solde: [0, ev(P + "taxe d'apprentissage . solde")],
    cpf_cdd: [0, ev(P + 'CPF CDD')],
    dialogue_social: [0, ev(P + 'contribution au dialogue social')],
    peec: [0, ev(P + 'PEEC')],
    forfait_social: [0, ev(P + 'forfait social')],
    complementaire_sante: [ev(P + 'prévoyances . santé . salarié'), ev(P + 'prévoyances . santé . employeur')],
    csg_deductible: [ev(P + 'CSG-CRDS . CSG . déductible'), 0],
    csg_non_deductible: [ev(P + 'CSG-CRDS . CSG . non déductible . revenus imposables'), 0],
    crds: [ev(P + 'CSG-CRDS . CRDS'), 0],
    reduction_generale: [0, -reduction],
  };

  // Everything the model adds up must be in a line: check both totals against the lines.
  const employee = ev('salarié . cotisations . salarié');
  const employer = ev('salarié . cotisations . employeur');
  const sumS = Object.values(lines).reduce((a, [s]) => a + s, 0);
  const sumE = Object.values(lines).reduce((a, [, e]) => a + e, 0);
  if (Math.abs(sumS - employee) > 1e-6 || Math.abs(sumE - employer) > 1e-6) {
    throw new Error(`lines do not add up for ${JSON.stringify(input)}: employee ${sumS} vs ${employee}, employer ${sumE} vs ${employer}`);
  }
  const gross = ev('salarié . rémunération . brut');
  const inputGross = input.base_gross_cents + (input.paid_leave_indemnity_cents ?? 0) +
    (input.end_of_contract_indemnity_cents ?? 0);
  if (Math.abs(gross * 100 - inputGross) > 1e-6) throw new Error(`gross ${gross} for ${JSON.stringify(input)}`);
  const employerExonerations = ev('salarié . cotisations . exonérations . employeur');
  if (Math.abs(employerExonerations - reduction) > 1e-9) throw new Error('another employer exoneration applies');

  const out = {};
  for (const [code, [s, e]] of Object.entries(lines)) {
    if (s === 0 && e === 0) continue;
    out[code] = { employee: s, employer: e };
    if (code === 'reduction_generale') out[code].coefficient = coefficient;
  }

  const expected = {
    gross,
    employee_contributions: employee,
    employer_contributions: employer,
    reduction,
    net_before_tax: ev('salarié . rémunération . net . à payer avant impôt'),
    net_taxable: ev('salarié . rémunération . net . imposable'),
    net_social: ev('salarié . rémunération . montant net social'),
    income_tax: evMonth('impôt . montant'),
    net_paid: ev('salarié . rémunération . net . payé après impôt'),
    employer_cost: ev('salarié . coût total employeur'),
    lines: out,
  };
  const model = {
    smic_ref: ev('salarié . temps de travail . SMIC'),
    pss_prorated: ev('salarié . temps de travail . plafond sécurité sociale'),
    assiette: ev('salarié . cotisations . assiette'),
    taxable_base: evMonth('impôt . revenu imposable'),
    short_contract_allowance: evMonth('impôt . revenu imposable . abattement contrat court'),
    tax_rate_percent: ev("impôt . taux d'imposition"),
  };
  return { expected, model };
}

// ---------------------------------------------------------------------------------------------
// Cases

// Small deterministic PRNG so that the grid is stable from one run to the next.
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20240501);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

function smicHourly(month) {
  if (month >= '2026-06') return 12.31;
  if (month >= '2026-01') return 12.02;
  if (month >= '2024-11') return 11.88;
  return 11.65;
}

const MONTHS = ['2024-01', '2024-03', '2024-06', '2024-07', '2024-10', '2024-11', '2024-12',
  '2025-01', '2025-03', '2025-04', '2025-05', '2025-07', '2025-08', '2025-12',
  '2026-01', '2026-03', '2026-05', '2026-06', '2026-07', '2026-08', '2026-12'];
const HOURS = [5, 7.5, 10, 12, 17.5, 20, 24, 30, 35, 43.33, 50, 60, 70, 75.83, 86.67, 100, 104, 120, 130, 140, 151.67];
const FRACTIONS = [0.1, 0.25, 0.5, 0.6, 0.8, 1];
const ADULT_AGES = [19, 20, 22, 25, 28, 35, 47, 58];

function makeInput({ month, contract, age, hours, timeFraction, multiple, headcount, schoolHolidayJob,
  contractMonths, withIccp, withIfc, health, incomeTax, atmpBp, student }) {
  const h = hours ?? timeFraction * (35 * 52 / 12);
  // Minors may be paid the abated SMIC (-20 % before 17, -10 % from 17 to 18).
  const baseCents = Math.round(h * smicHourly(month) * multiple * 100);
  const input = { month, contract, age, base_gross_cents: baseCents };
  if (hours !== undefined) input.hours = hours; else input.time_fraction = timeFraction;
  input.school_holiday_job = schoolHolidayJob;
  if (student !== undefined) input.student = student;
  if (contract === 'CDD') input.contract_months = contractMonths;
  const ifc = withIfc ? Math.round(baseCents * 0.1) : 0;
  const iccp = withIccp ? Math.round((baseCents + ifc) * 0.1) : 0;
  input.paid_leave_indemnity_cents = iccp;
  input.end_of_contract_indemnity_cents = ifc;
  input.headcount = headcount;
  if (atmpBp !== undefined) input.atmp_rate_bp = atmpBp;
  input.health_insurance_monthly_cents = health ? health.cents : 0;
  input.health_insurance_employer_share_bp = health ? health.bp : 5000;
  input.income_tax = incomeTax;
  return input;
}

const HEALTH = [null, null, { cents: 3000, bp: 5000 }, { cents: 4500, bp: 6000 }, { cents: 6000, bp: 10000 }, { cents: 2500, bp: 5000 }];
const TAX = ['neutral', 'neutral', 'neutral', { rate_bp: 0 }, { rate_bp: 150 }, { rate_bp: 500 }, { rate_bp: 1230 }];

function randomCase(i) {
  const month = MONTHS[i % MONTHS.length];
  const contract = rnd() < 0.6 ? 'CDD' : 'CDI';
  const ageRoll = rnd();
  const age = ageRoll < 0.15 ? 16 : ageRoll < 0.3 ? 17 : ageRoll < 0.42 ? 18 : pick(ADULT_AGES);
  const useFraction = rnd() < 0.15;
  const hours = useFraction ? undefined : pick(HOURS);
  const timeFraction = useFraction ? pick(FRACTIONS) : undefined;
  // Pay: mostly at or just above the SMIC, with a tail up to 3.5 SMIC.
  const r = rnd();
  let multiple = r < 0.35 ? 1 : r < 0.6 ? 1 + rnd() * 0.3 : r < 0.8 ? 1.3 + rnd() * 0.7 : 2 + rnd() * 1.5;
  if (age === 16 && rnd() < 0.5) multiple = 0.8;
  if (age === 17 && rnd() < 0.5) multiple = 0.9;
  const schoolHolidayJob = contract === 'CDD' && age <= 25 && rnd() < 0.45;
  const withIfc = contract === 'CDD' && !schoolHolidayJob && rnd() < 0.5;
  const withIccp = rnd() < (contract === 'CDD' ? 0.55 : 0.15);
  return makeInput({
    month, contract, age, hours, timeFraction, multiple,
    headcount: pick([5, 10, 20, 60]),
    schoolHolidayJob,
    contractMonths: pick([1, 1, 2, 2, 2, 3, 6]),
    withIccp, withIfc,
    health: pick(HEALTH),
    incomeTax: pick(TAX),
    atmpBp: rnd() < 0.15 ? pick([90, 150, 250, 410]) : undefined,
  });
}

// Cases built around the thresholds (exact multiples of SMIC_ref and of the reduced-rate limits).
function edgeCases() {
  const cases = [];
  const add = (o) => cases.push(makeInput({
    contract: 'CDI', age: 30, headcount: 10, schoolHolidayJob: false, contractMonths: 2,
    withIccp: false, withIfc: false, health: null, incomeTax: 'neutral', ...o }));
  for (const month of ['2024-03', '2025-02', '2025-06', '2026-02', '2026-07']) {
    for (const hours of [151.67, 86.67]) {
      for (const multiple of [1, 1.6, 1.6001, 2.25, 2.5, 2.9999, 3, 3.3, 3.5]) {
        add({ month, hours, multiple, headcount: multiple > 2 ? 60 : 20 });
      }
    }
  }
  // The student summer job: the law exempts it from income tax (CGI 81 bis) and, it seems,
  // from the CPF CDD; the model does neither.
  for (const month of ['2024-07', '2025-07', '2026-07', '2026-08']) {
    for (const [age, multiple] of [[16, 0.8], [17, 0.9], [18, 1], [20, 1.2], [22, 2.2]]) {
      add({ month, contract: 'CDD', age, hours: 151.67, multiple, schoolHolidayJob: true,
        contractMonths: 2, withIccp: true, withIfc: false, headcount: 20,
        health: { cents: 3000, bp: 5000 }, student: true });
    }
  }
  // Neutral rate with a short CDD above the first bracket: the short-contract allowance matters.
  for (const month of ['2024-05', '2025-09', '2026-04']) {
    for (const multiple of [1.2, 1.45, 1.8]) {
      add({ month, contract: 'CDD', age: 30, hours: 151.67, multiple, contractMonths: 1,
        withIccp: true, withIfc: true, headcount: 10 });
      add({ month, contract: 'CDD', age: 30, hours: 151.67, multiple, contractMonths: 3,
        withIccp: true, withIfc: true, headcount: 10 });
    }
  }
  // Exactly at the reduced-rate limits and the reduction cut-offs, and one cent either side
  // (full time; the model's full time is 151.666... h).
  const exact = [
    ['2024-04', 436800, 20], // maladie 7 % below 2.5 x 1747.20 (SMIC of 31/12/2023)
    ['2024-04', 611520, 20], // allocations familiales 3.45 % below 3.5 x 1747.20
    ['2025-03', 405405, 20], // maladie 7 % below 2.25 x 1801.80 (SMIC of 01/01/2025)
    ['2025-03', 594594, 20], // allocations familiales 3.45 % below 3.3 x 1801.80
    ['2025-09', 288288, 20], // réduction générale 0 from 1.6 x 1801.80
    ['2024-09', 282707, 60], // réduction générale 0 from 1.6 x 1766.9166...
    ['2026-02', 546910, 20], // RGDU not applicable from 3 x 1823.0333...
    ['2026-09', 560105, 60], // RGDU not applicable from 3 x 1867.0166...
  ];
  for (const [month, cents, headcount] of exact) {
    for (const delta of [-1, 0, 1]) {
      const input = makeInput({ month, contract: 'CDI', age: 40, hours: 151.67, multiple: 1, headcount,
        schoolHolidayJob: false, contractMonths: 2, withIccp: false, withIfc: false, health: null,
        incomeTax: 'neutral' });
      input.base_gross_cents = cents + delta;
      cases.push(input);
    }
  }
  // Smallest pay: 5 hours at the abated SMIC of a 16-year-old, about 47 EUR ... and at the SMIC, 58 EUR.
  add({ month: '2024-02', contract: 'CDD', age: 16, hours: 5, multiple: 1, schoolHolidayJob: true, contractMonths: 1, headcount: 5 });
  add({ month: '2025-06', contract: 'CDD', age: 17, hours: 5, multiple: 1, schoolHolidayJob: false, withIccp: true, withIfc: true, contractMonths: 1, headcount: 5 });
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Law-versus-model notes, per case

function lawDiffers(input, expected, model) {
  const reasons = [];
  const student = input.student ?? input.school_holiday_job;
  if (student && input.age < 26) {
    reasons.push('CGI art. 81, 36°: a student\'s holiday pay (under 26, up to 3 monthly SMIC a year) is exempt from income tax; the model has no such exemption, so its net_taxable (and income_tax when not 0) are not the law\'s');
  }
  if ((input.paid_leave_indemnity_cents ?? 0) > 0 || (input.end_of_contract_indemnity_cents ?? 0) > 0) {
    reasons.push('ICCP/IFC: the model spreads them over every month of the contract and computes them itself; this case feeds the month\'s amounts (rules set in the situation), so the amounts are the ones a payslip paying them this month would show');
  }
  if (input.age < 18) {
    const hours = input.hours ?? input.time_fraction * 35 * 52 / 12;
    if (input.base_gross_cents < Math.round(hours * smicHourly(input.month) * 100)) {
      reasons.push('minors\' SMIC abatement (C. trav. D3231-3) is not modelled; the pay below the full SMIC is legal here, the amounts are unaffected (the model only raises a below-SMIC notification, and SMIC_ref stays the full SMIC)');
    }
  }
  if (model.short_contract_allowance > 0 && expected.income_tax > 0) {
    reasons.push('short-contract allowance (abattement contrat court): the model computes round(0.5 x SMIC net imposable) per YEAR and divides it by 12 (unit bug), and evaluates SMIC net imposable with this case\'s own situation; the law deducts 50 % of the monthly net taxable SMIC, so the law\'s income_tax is lower');
  }
  return reasons.length ? reasons.join(' | ') : undefined;
}

// ---------------------------------------------------------------------------------------------

const inputs = [];
for (let i = 0; i < 230; i++) inputs.push(randomCase(i));
inputs.push(...edgeCases());

const grid = inputs.map((input) => {
  const v = modelFor(input.month);
  const { expected, model } = evaluateCase(engines[v], v, input);
  const entry = { input, expected, model: v === 11 ? MODEL_11 : MODEL_10 };
  const differs = lawDiffers(input, expected, model);
  if (differs) entry.law_differs = differs;
  entry.model_values = model;
  return entry;
});

mkdirSync(dirname(outPath), { recursive: true });
// One case per line: readable diffs when the model or the cases change.
writeFileSync(outPath, '[\n' + grid.map((c) => JSON.stringify(c)).join(',\n') + '\n]\n');
console.log(`wrote ${grid.length} cases to ${outPath} (${MODEL_10}, ${MODEL_11}, ${PUBLICODES})`);

if (wantTiming) {
  for (const v of [10, 11]) {
    const sample = grid.filter((c) => modelFor(c.input.month) === v).map((c) => c.input);
    for (const input of sample) evaluateCase(engines[v], v, input); // warm-up
    const rounds = 3;
    let t = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const input of sample) evaluateCase(engines[v], v, input);
    const full = Number(process.hrtime.bigint() - t) / 1e6 / (rounds * sample.length);
    t = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) {
      for (const input of sample) {
        engines[v].setSituation(situationFor(input));
        engines[v].evaluate('salarié . rémunération . net . payé après impôt');
      }
    }
    const net = Number(process.hrtime.bigint() - t) / 1e6 / (rounds * sample.length);
    console.log(`${v === 11 ? MODEL_11 : MODEL_10}: ${full.toFixed(1)} ms per situation (setSituation + all outputs and lines), ` +
      `${net.toFixed(1)} ms for setSituation + net paid only; ${sample.length} situations x ${rounds}, node ${process.version}`);
  }
}
