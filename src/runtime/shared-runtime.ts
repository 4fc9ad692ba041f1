import { PythonRuntimeError } from './errors.js';
import { RuntimeClient } from './runtime-client.js';

/*
 * The page has one Python runtime, as model-viewer has one renderer: elements
 * reach it only through this accessor, so a test can hand them another one.
 */

let shared: RuntimeClient | undefined;

/** The runtime every cell on the page shares, created on first use. */
export function sharedRuntime(): RuntimeClient {
  shared ??= new RuntimeClient();
  return shared;
}

/** Replaces the shared runtime (tests: a client over a fake or failing worker). */
export function setSharedRuntime(runtime: RuntimeClient): void {
  shared = runtime;
}

/** Drops the shared runtime, ending its worker; the next use creates a fresh one (tests). */
export function resetSharedRuntime(): void {
  shared?.dispose(new PythonRuntimeError('stopped', 'The runtime was reset.'));
  shared = undefined;
}
