import type { TreeEnsembleData } from './model.js';

/**
 * Deepest tree accepted. Trees deeper than this are not produced by any trainer we support;
 * the bound keeps TreeSHAP's recursion and path buffers small.
 */
export const MAX_TREE_DEPTH = 256;

const AGGREGATIONS = ['sum', 'mean'] as const;
const LINKS = ['logistic', 'identity'] as const;

/**
 * Checks that a {@link TreeEnsembleData} is a well-formed forest, so that prediction and
 * TreeSHAP can never index out of range, loop or divide by a missing cover. Returns the first
 * problem found as a human-readable reason, or null when the ensemble is sound. Never throws.
 */
export function checkTreeEnsemble(data: TreeEnsembleData): string | null {
  const p = data.featureNames.length;
  if (p === 0) return 'featureNames is empty';
  if (new Set(data.featureNames).size !== p) return 'featureNames has duplicates';
  if (!Number.isFinite(data.baseScore)) return 'baseScore is not a finite number';
  if (!(AGGREGATIONS as readonly string[]).includes(data.aggregation)) return `aggregation must be one of ${AGGREGATIONS.join(', ')}`;
  if (!(LINKS as readonly string[]).includes(data.link)) return `link must be one of ${LINKS.join(', ')}`;
  const offsets = data.treeOffsets;
  const trees = offsets.length - 1;
  if (trees < 1) return 'the ensemble has no trees';
  const nodes = offsets[trees];
  if (offsets[0] !== 0) return 'treeOffsets must start at 0';
  for (const [name, arr] of Object.entries({
    feature: data.feature, threshold: data.threshold, left: data.left, right: data.right,
    defaultLeft: data.defaultLeft, value: data.value, cover: data.cover,
  })) {
    if (arr.length !== nodes) return `${name} has ${arr.length} entries, treeOffsets says ${nodes} nodes`;
  }
  for (let t = 0; t < trees; t++) {
    if (!(offsets[t + 1] > offsets[t])) return `tree ${t} has no nodes (treeOffsets must increase)`;
    const reason = checkTree(data, offsets[t], offsets[t + 1], p);
    if (reason !== null) return `tree ${t}: ${reason}`;
  }
  return null;
}

/** Checks one tree: a proper binary tree rooted at `start`, every node reached exactly once. */
function checkTree(data: TreeEnsembleData, start: number, end: number, p: number): string | null {
  const seen = new Uint8Array(end - start);
  // Explicit stack of (node, depth): a malformed file must not overflow the call stack.
  const stack: number[] = [start, 0];
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const k = stack.pop() as number;
    if (seen[k - start]) return `node ${k} is reached twice`;
    seen[k - start] = 1;
    if (depth > MAX_TREE_DEPTH) return `deeper than ${MAX_TREE_DEPTH}`;
    const f = data.feature[k];
    if (!(data.cover[k] >= 0) || !Number.isFinite(data.cover[k])) return `node ${k} has cover ${data.cover[k]}`;
    if (f === -1) {
      if (!Number.isFinite(data.value[k])) return `leaf ${k} has value ${data.value[k]}`;
      continue;
    }
    if (!(f >= 0 && f < p)) return `node ${k} splits on feature ${f}, outside 0…${p - 1}`;
    if (!Number.isFinite(data.threshold[k])) return `node ${k} has threshold ${data.threshold[k]}`;
    // Path-dependent TreeSHAP weighs children by cover / parent cover.
    if (!(data.cover[k] > 0)) return `split node ${k} has no cover`;
    if (data.defaultLeft[k] > 1) return `node ${k} has defaultLeft ${data.defaultLeft[k]}`;
    for (const child of [data.left[k], data.right[k]]) {
      if (!(child > start && child < end)) return `node ${k} has child ${child} outside its tree`;
      stack.push(child, depth + 1);
    }
  }
  const unreached = seen.indexOf(0);
  return unreached >= 0 ? `node ${start + unreached} is not reachable from the root` : null;
}
