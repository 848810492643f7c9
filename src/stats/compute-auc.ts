/**
 * Area under the ROC curve by the Mann–Whitney statistic: the probability that a random
 * positive scores above a random negative, ties counting one half (average ranks). Any
 * monotone score works (probabilities or log-odds). NaN when either class is absent.
 * O(n log n).
 */
export function computeAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let k = i;
    while (k < n && score[order[k]] === score[order[i]]) k++;
    // Rows i…k−1 tie: each gets the average of ranks i+1…k.
    const rank = (i + 1 + k) / 2;
    for (let t = i; t < k; t++) {
      if (y[order[t]] === 1) {
        rankSumPos += rank;
        nPos++;
      }
    }
    i = k;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
