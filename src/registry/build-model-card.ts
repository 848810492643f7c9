import type { Signature } from '../data/index.js';
import type { CardBlock, CardDocument, CardSection } from './card-document.js';
import type { ModelEvaluation } from './evaluate-model.js';
import { barChartSvg, unitSquareSvg } from './svg-charts.js';
import { describeTrainingOverlap } from './training-overlap.js';
import type { ArtifactMetadata } from '../model/index.js';

/** What a model card is made from: the version's record, its metadata.json and its evaluation. */
export interface CardInput {
  readonly version: string;
  readonly checksum: string;
  readonly createdAt: number;
  readonly createdBy: string | null;
  readonly signature: Signature;
  /** metadata.json content (fields read defensively: imported models carry fewer). */
  readonly metadata: object;
  /** Results on the validation set, or null when the version has none. */
  readonly evaluation: ModelEvaluation | null;
}

/** Intended use of a riskgate model; the same for every version (the product's purpose). */
const INTENDED_USE = [
  'Decision support for clinicians: an estimate of the probability of angiographic coronary artery disease (> 50 % narrowing) from routine measurements, with the reasons (each feature\'s contribution).',
  'Triage and prioritisation of further testing by trained staff, who remain responsible for the decision.',
];
const OUT_OF_SCOPE = [
  'Diagnosis without a clinician, or any automated decision to withhold care.',
  'Patients outside the ranges of the signature, children, or populations unlike the four UCI sites (Cleveland, Budapest, Zurich/Basel, Long Beach VA, 1980s) without local validation.',
  'Use as a measure of an individual\'s risk of a cardiac event over time (the target is disease found at angiography, not future events).',
];
const ETHICS = [
  'The data come from patients referred for angiography in the 1980s; most are men, and women, older patients and non-Western populations are under-represented.',
  'Subgroup results below show where performance differs; a gap can mean unequal benefit or harm (missed disease) between groups.',
  'Predictions are pseudonymised before storage; explanations describe the model, not causes of disease.',
];
const CAVEATS = [
  'Validation uses retrospective data; performance at a new site must be confirmed on local patients before use (the rollout analysis compares live outcomes when they are fed back).',
  'Missing values are handled as the model learned them (default directions or imputation); heavily incomplete records get less reliable estimates.',
  'Subgroups with fewer than 30 patients give imprecise estimates; treat their numbers as indicative only.',
];

/** Formats a number for a card (n/a for null or NaN). */
function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
}

/** A field of metadata as display text, or a dash. */
function field(meta: Readonly<Record<string, unknown>>, ...keys: string[]): string {
  for (const k of keys) {
    const v = meta[k];
    if (v !== undefined && v !== null && v !== '') return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return '—';
}

function detailsSection(input: CardInput): CardSection {
  const m = input.metadata as Readonly<Record<string, unknown>>;
  return {
    title: 'Model details',
    blocks: [{
      kind: 'table', head: ['Field', 'Value'], rows: [
        ['Version', input.version],
        ['Algorithm', field(m, 'algorithm')],
        ['Hyperparameters', field(m, 'hyperparameters', 'params')],
        ['Operating threshold', field(m, 'threshold')],
        ['Signature', `${input.signature.name} (${input.signature.features.length} features${input.signature.permissive ? ', permissive' : ''})`],
        ['Artifact checksum (SHA-256)', input.checksum],
        ['Created', new Date(input.createdAt).toISOString()],
        ['Registered by', input.createdBy ?? '—'],
        ['Git commit', field(m, 'git_commit', 'gitCommit')],
        ['Source', field(m, 'source', 'imported_from')],
      ],
    }],
  };
}

function factorsSection(input: CardInput): CardSection {
  const feats = input.signature.features.map((f) => `${f.name}: ${f.description}${f.unit ? ` (${f.unit})` : ''}${f.range ? `, plausible ${f.range.min}–${f.range.max}` : ''}${f.codes ? `, codes ${f.codes.map((c) => `${c.value}=${c.label}`).join(', ')}` : ''}${f.allowMissing ? ', may be missing' : ''}`);
  return {
    title: 'Factors',
    blocks: [
      { kind: 'p', text: 'Results are broken down by sex and by age band (< 50, 50–64, ≥ 65 years), the groups the fairness gate compares. Inputs:' },
      { kind: 'list', items: feats },
    ],
  };
}

function metricsSection(ev: ModelEvaluation | null): CardSection {
  if (!ev) return { title: 'Metrics', blocks: [{ kind: 'p', text: 'This version has no labelled validation data, so no metrics were measured.' }] };
  const o = ev.operatingPoint;
  const c = ev.calibration;
  const blocks: CardBlock[] = [
    { kind: 'p', text: `Discrimination by the AUC with a DeLong 95 % interval; the operating point at the model's threshold (${num(o.threshold)}); calibration by the Brier score, the calibration slope and intercept (logistic recalibration) and the expected calibration error.` },
    {
      kind: 'table', head: ['Metric', 'Value'], rows: [
        ['AUC (95 % CI)', `${num(ev.auc.auc)} (${num(ev.auc.ci95[0])}–${num(ev.auc.ci95[1])})`],
        ['Sensitivity', num(o.sensitivity)], ['Specificity', num(o.specificity)],
        ['PPV', num(o.ppv)], ['NPV', num(o.npv)], ['Accuracy', num(o.accuracy)],
        ['Confusion (TP / FP / TN / FN)', `${o.tp} / ${o.fp} / ${o.tn} / ${o.fn}`],
        ['Brier score', num(c.brier)], ['Calibration slope', num(c.slope)], ['Calibration intercept', num(c.intercept)], ['ECE', num(c.ece)],
      ],
    },
    { kind: 'figure', svg: unitSquareSvg('ROC curve', 'false-positive rate (1 − specificity)', 'true-positive rate (sensitivity)', [{ label: `AUC ${num(ev.auc.auc)}`, color: '#3b6ea5', points: ev.roc.map((p) => ({ x: p.fpr, y: p.tpr })) }]), caption: `ROC curve on ${ev.validationSet.id}; the dashed diagonal is chance.` },
    { kind: 'figure', svg: unitSquareSvg('Calibration', 'mean predicted risk (decile)', 'observed frequency', [{ label: 'deciles of risk', color: '#c0392b', markers: true, points: c.bins.map((b) => ({ x: b.meanPredicted, y: b.observed })) }]), caption: 'Observed frequency of disease against mean predicted risk in ten equal-sized groups; points on the diagonal are perfectly calibrated.' },
  ];
  return { title: 'Metrics', blocks };
}

function subgroupSection(ev: ModelEvaluation | null): CardSection {
  if (!ev || ev.subgroups.length === 0) return { title: 'Quantitative analyses: subgroups', blocks: [{ kind: 'p', text: 'No subgroup results (no validation data, or no sex and age columns).' }] };
  const rows = ev.subgroups.map((g) => [g.factor, g.group, String(g.n), String(g.positives), num(g.auc), num(g.sensitivity), num(g.specificity)]);
  const bars = ev.subgroups.flatMap((g) => [
    { label: `${g.group} AUC`, value: g.auc ?? Number.NaN, note: `n = ${g.n}`, color: '#3b6ea5' },
    { label: `${g.group} sensitivity`, value: g.sensitivity ?? Number.NaN, note: `n = ${g.n}`, color: '#27ae60' },
  ]);
  return {
    title: 'Quantitative analyses: subgroups',
    blocks: [
      { kind: 'table', head: ['Factor', 'Group', 'Patients', 'With disease', 'AUC', 'Sensitivity', 'Specificity'], rows },
      { kind: 'figure', svg: barChartSvg('Subgroup AUC and sensitivity', bars, { max: 1 }), caption: 'AUC and sensitivity at the operating threshold per group, with each group\'s size.' },
    ],
  };
}

function importanceSection(ev: ModelEvaluation | null): CardSection {
  if (!ev) return { title: 'Global feature importance', blocks: [{ kind: 'p', text: 'Not measured (no validation data).' }] };
  return {
    title: 'Global feature importance',
    blocks: [
      { kind: 'p', text: `Mean absolute SHAP value of each feature over the validation set, in ${ev.importanceSpace} units: how much a feature moves a typical patient's score.` },
      { kind: 'table', head: ['Feature', 'Mean |SHAP|'], rows: ev.importance.map((i) => [i.feature, num(i.meanAbsShap, 4)]) },
      { kind: 'figure', svg: barChartSvg('Global importance (mean |SHAP|)', ev.importance.map((i) => ({ label: i.feature, value: i.meanAbsShap })), { digits: 4 }), caption: 'Features ordered by mean |SHAP|.' },
    ],
  };
}

/** Builds a model card (Mitchell et al., 2019) as a document renderable to Markdown or HTML. */
export function buildModelCard(input: CardInput): CardDocument {
  const m = input.metadata as Readonly<Record<string, unknown>>;
  const ev = input.evaluation;
  const overlap = describeTrainingOverlap(input.metadata as Pick<ArtifactMetadata, 'training_data'>, ev?.validationSet.id ?? null);
  const training = m.training_data ?? m.trainingData ?? m.training ?? m.data;
  const trainingText = training && typeof training === 'object'
    ? Object.entries(training as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    : [`${field(m, 'training_data', 'data')}`];
  const trainMetrics = m.metrics && typeof m.metrics === 'object' ? Object.entries(m.metrics as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'number' ? num(v) : JSON.stringify(v)}`) : [];
  return {
    title: `Model card: ${input.version}`,
    subtitle: `${field(m, 'algorithm')} model of ${input.signature.target.description}, served by riskgate. Generated from the version's metadata and its results on ${ev?.validationSet.id ?? 'no validation set'}.`,
    sections: [
      detailsSection(input),
      { title: 'Intended use', blocks: [{ kind: 'list', items: INTENDED_USE }] },
      { title: 'Out-of-scope uses', blocks: [{ kind: 'list', items: OUT_OF_SCOPE }] },
      factorsSection(input),
      metricsSection(ev),
      { title: 'Evaluation data', blocks: [{ kind: 'p', text: ev ? `${ev.validationSet.description} ${ev.validationSet.n} patients, ${ev.validationSet.positives} with disease. Data SHA-256: ${ev.validationSet.sha256}.${overlap ? ` ${overlap}` : ''}` : 'None.' }] },
      { title: 'Training data', blocks: [{ kind: 'list', items: trainingText }, ...(trainMetrics.length ? [{ kind: 'p' as const, text: 'Metrics recorded at training:' }, { kind: 'list' as const, items: trainMetrics }] : [])] },
      subgroupSection(ev),
      importanceSection(ev),
      { title: 'Ethical considerations', blocks: [{ kind: 'list', items: ETHICS }] },
      { title: 'Caveats and recommendations', blocks: [{ kind: 'list', items: CAVEATS }] },
    ],
  };
}
