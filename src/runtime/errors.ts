import type { ErrorData } from '../protocol.js';
import { StateFileError, type StateFileErrorReason } from '../state/state-file.js';

export type RuntimeErrorReason = 'load' | 'crashed' | 'stopped' | 'cancelled';

/** The Python runtime itself failed: it did not load, it died, or it was stopped. */
export class PythonRuntimeError extends Error {
  override name = 'PythonRuntimeError';
  readonly reason: RuntimeErrorReason;

  constructor(reason: RuntimeErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Rebuilds an error that crossed the worker boundary as data, keeping its name and reason. */
export function errorFromData(data: ErrorData): Error {
  if (data.name === 'StateFileError' && data.reason) {
    return new StateFileError(data.reason as StateFileErrorReason, data.message, data.path);
  }
  const error = new Error(data.message) as Error & { reason?: string };
  error.name = data.name;
  if (data.reason !== undefined) error.reason = data.reason;
  return error;
}
