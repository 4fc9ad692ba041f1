// The benchmark's targets: each section checks its figures against limits and returns the checks;
// run.mjs prints them all at the end and exits non-zero when a gating one is missed.

/**
 * One figure against its limit.
 * @typedef {object} TargetCheck
 * @property {string} name what was measured, e.g. "first output, cold, plain page: cell / bare"
 * @property {number | null} value null when the figure could not be measured
 * @property {number} limit
 * @property {'at-most' | 'below'} comparison `value ≤ limit` or `value < limit`
 * @property {string} unit "×" for ratios, " ms" for durations
 * @property {boolean} isGating false: reported, but a miss does not fail the benchmark
 * @property {boolean} isMet
 */

/**
 * Checks `value` against a limit. A figure that could not be measured misses its target: a
 * benchmark that failed to measure must not pass.
 * @param {string} name
 * @param {number | null | undefined} value
 * @param {{ atMost?: number, below?: number, unit?: string, isGating?: boolean }} limit
 *   exactly one of `atMost` (value ≤ limit) and `below` (value < limit)
 * @returns {TargetCheck}
 */
export function checkTarget(name, value, { atMost, below, unit = '×', isGating = true }) {
  if ((atMost === undefined) === (below === undefined)) {
    throw new Error(`target "${name}": give exactly one of atMost and below`);
  }
  const comparison = atMost === undefined ? 'below' : 'at-most';
  const limit = atMost ?? below;
  const measured = typeof value === 'number' && Number.isFinite(value) ? value : null;
  const isMet =
    measured !== null && (comparison === 'at-most' ? measured <= limit : measured < limit);
  return { name, value: measured, limit, comparison, unit, isGating, isMet };
}

/** "1.043× ≤ 1.10× ok", "1210 ms < 1000 ms MISSED", "2.01× ≤ 1.50× missed (reported only)". */
export function formatCheck(check) {
  const digits = { '×': 3, ' ms': 0 }[check.unit] ?? 1;
  const limitDigits = { '×': 2, ' ms': 0 }[check.unit] ?? 1;
  const sign = check.comparison === 'at-most' ? '≤' : '<';
  const value =
    check.value === null ? 'not measured' : `${check.value.toFixed(digits)}${check.unit}`;
  const verdict = check.isMet ? 'ok' : check.isGating ? 'MISSED' : 'missed (reported only)';
  return `${value} ${sign} ${check.limit.toFixed(limitDigits)}${check.unit} ${verdict}`;
}

/** The gating checks that were missed. @param {TargetCheck[]} checks */
export function missedTargets(checks) {
  return checks.filter((check) => check.isGating && !check.isMet);
}
