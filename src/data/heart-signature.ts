import type { Signature } from './signature.js';

/**
 * The signature of the heart-disease model, written from the UCI data's documentation
 * (datasets/uci-heart-disease/README.md). Ranges are plausible clinical bounds, wide enough
 * for every real patient in the four sites and narrow enough to catch unit mistakes and
 * placeholders (a cholesterol of 0, an age of 500).
 */
export const HEART_SIGNATURE: Signature = Object.freeze({
  name: 'uci-heart-disease',
  target: { name: 'disease', description: 'angiographic disease status num > 0 (> 50% diameter narrowing)' },
  features: [
    { name: 'age', kind: 'continuous', description: 'age', unit: 'years', range: { min: 18, max: 110 }, allowMissing: false },
    { name: 'sex', kind: 'binary', description: 'sex', codes: [{ value: 0, label: 'female' }, { value: 1, label: 'male' }], allowMissing: false },
    {
      name: 'cp', kind: 'categorical', description: 'chest pain type',
      codes: [{ value: 1, label: 'typical angina' }, { value: 2, label: 'atypical angina' }, { value: 3, label: 'non-anginal pain' }, { value: 4, label: 'asymptomatic' }],
      allowMissing: false,
    },
    { name: 'trestbps', kind: 'continuous', description: 'resting blood pressure on admission', unit: 'mm Hg', range: { min: 60, max: 260 }, allowMissing: true },
    { name: 'chol', kind: 'continuous', description: 'serum cholesterol', unit: 'mg/dl', range: { min: 80, max: 700 }, allowMissing: true },
    { name: 'fbs', kind: 'binary', description: 'fasting blood sugar > 120 mg/dl', codes: [{ value: 0, label: 'false' }, { value: 1, label: 'true' }], allowMissing: true },
    {
      name: 'restecg', kind: 'categorical', description: 'resting electrocardiographic results',
      codes: [{ value: 0, label: 'normal' }, { value: 1, label: 'ST-T wave abnormality' }, { value: 2, label: 'left ventricular hypertrophy' }],
      allowMissing: true,
    },
    { name: 'thalach', kind: 'continuous', description: 'maximum heart rate achieved', unit: 'beats/min', range: { min: 50, max: 230 }, allowMissing: true },
    { name: 'exang', kind: 'binary', description: 'exercise-induced angina', codes: [{ value: 0, label: 'no' }, { value: 1, label: 'yes' }], allowMissing: true },
    { name: 'oldpeak', kind: 'continuous', description: 'ST depression induced by exercise relative to rest', unit: 'mm', range: { min: -3, max: 7 }, allowMissing: true },
    {
      name: 'slope', kind: 'categorical', description: 'slope of the peak exercise ST segment',
      codes: [{ value: 1, label: 'upsloping' }, { value: 2, label: 'flat' }, { value: 3, label: 'downsloping' }],
      allowMissing: true,
    },
    {
      name: 'ca', kind: 'categorical', description: 'number of major vessels coloured by fluoroscopy',
      codes: [{ value: 0, label: '0' }, { value: 1, label: '1' }, { value: 2, label: '2' }, { value: 3, label: '3' }],
      allowMissing: true,
    },
    {
      name: 'thal', kind: 'categorical', description: 'thallium stress test result',
      codes: [{ value: 3, label: 'normal' }, { value: 6, label: 'fixed defect' }, { value: 7, label: 'reversible defect' }],
      allowMissing: true,
    },
  ],
} satisfies Signature);
