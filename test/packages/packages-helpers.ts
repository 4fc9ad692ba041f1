import type { PyStateRunnerElement } from '../../src/index.js';

/** The test wheels, as a page names them (relative to the page). */
export const WHEELS = 'test/fixtures/wheels/';
/** A small lock file whose packages are the test wheels (scripts/make-wheels.mjs writes it). */
export const TEST_LOCK_FILE = '/test/fixtures/wheels/pyodide-lock.json';

export function wheel(name: string, tag = 'py3-none-any'): string {
  return `${WHEELS}${name}-1.0.0-${tag}.whl`;
}

/** Records the cell's package-progress events, with the cell's status at each. */
export function recordProgress(
  cell: PyStateRunnerElement,
): { name: string; loaded: number; total?: number; status: string }[] {
  const seen: { name: string; loaded: number; total?: number; status: string }[] = [];
  cell.addEventListener('package-progress', (event) =>
    seen.push({ ...event.detail, status: cell.status }),
  );
  return seen;
}
