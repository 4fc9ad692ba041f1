import type { PackageProgress, RunResult } from '../protocol.js';

/** Every event the element fires, with its detail. */
export interface PyStateRunnerEventMap {
  /** A run began (it left the queue and Python started on it). */
  'run-start': CustomEvent<{ code: string }>;
  /** A run ended, also when Python raised, was stopped or the runtime died. */
  'run-end': CustomEvent<RunResult>;
  /**
   * A state file replaced the cell's files and code (a classic demo file:
   * the files only). `origin` says which format it was, `source` where it
   * came from.
   */
  'state-loaded': CustomEvent<{
    name: string;
    env: string;
    fileCount: number;
    origin: 'state-file' | 'classic-demo';
    source: 'file' | 'share-link' | 'history' | 'history-undo';
  }>;
  /** The cell's files and variables were cleared. */
  'state-cleared': CustomEvent<{ env: string }>;
  /** A state operation failed; nothing was changed. */
  'state-error': CustomEvent<Error>;
  /** A package the run needs is downloading: its name, bytes so far and, where known, in all. */
  'package-progress': CustomEvent<PackageProgress>;
}

export type PyStateRunnerEventName = keyof PyStateRunnerEventMap;

type DetailOf<K extends PyStateRunnerEventName> =
  PyStateRunnerEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Fires one of the element's events: bubbling and composed, as the contract says. */
export function emit<K extends PyStateRunnerEventName>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  // `cell.addEventListener('run-end', (event) => event.detail.ok)` is typed,
  // on the cell and, since the events bubble and are composed, on its
  // ancestors, the document and the window.
  interface GlobalEventHandlersEventMap extends PyStateRunnerEventMap {}
  interface HTMLElementEventMap extends PyStateRunnerEventMap {}
}
