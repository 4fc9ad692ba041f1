// Medians of the reports that bench/pages/state-probe.worker.js sends for each worker request.

import { summarize } from './stats.mjs';

/**
 * @typedef {object} ProbeReport one worker request, as the probe posts it
 * @property {string} method
 * @property {number} handledMs from the request's arrival to its answer being posted
 * @property {number} postMs the worker's postMessage of the answer
 * @property {number} transferredBytes
 * @property {Record<string, { ms: number, calls: number, longestMs: number }>} steps
 */

const median = (values) => summarize(values).median;

/**
 * Folds rounds of one operation into one description: for each worker request (in order) and
 * each step, the median over the rounds; steps sorted by time. `restMs` is what no timer
 * covered; `outsideMs` is the page's time not spent handling requests in the worker.
 * @param {{ ms: number, probe: ProbeReport[] }[]} rounds
 */
export function medianSteps(rounds) {
  const requestCount = Math.max(0, ...rounds.map((round) => round.probe.length));
  const requests = [];
  for (let index = 0; index < requestCount; index++) {
    const reports = rounds.map((round) => round.probe[index]).filter(Boolean);
    const names = new Set(reports.flatMap((report) => Object.keys(report.steps)));
    const steps = [...names]
      .map((name) => {
        const seen = reports.map((report) => report.steps[name] ?? { ms: 0, calls: 0 });
        return {
          name,
          ms: median(seen.map((step) => step.ms)),
          calls: median(seen.map((step) => step.calls)),
          longestMs: median(seen.map((step) => step.longestMs ?? 0)),
        };
      })
      .sort((a, b) => b.ms - a.ms);
    const covered = (report) => Object.values(report.steps).reduce((sum, step) => sum + step.ms, 0);
    requests.push({
      method: reports[0].method,
      handledMs: median(reports.map((report) => report.handledMs)),
      postMs: median(reports.map((report) => report.postMs)),
      transferredBytes: median(reports.map((report) => report.transferredBytes)),
      // Async steps are timed until their promise settles, so they can overlap a little.
      restMs: Math.max(0, median(reports.map((report) => report.handledMs - covered(report)))),
      steps,
    });
  }
  const inWorker = (round) =>
    round.probe.reduce((sum, report) => sum + report.handledMs + report.postMs, 0);
  return {
    pageMs: median(rounds.map((round) => round.ms)),
    outsideMs: median(rounds.map((round) => round.ms - inWorker(round))),
    requests,
  };
}
