import { DisplayItemError } from './display-item.js';

/** Longest summary line before it is cut, in characters. */
const SUMMARY_LENGTH = 80;

function summarise(value: unknown): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const line = `{ ${keys.join(', ')} }`;
    return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1)}… }` : line;
  }
  const line = JSON.stringify(value);
  return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1)}…` : line;
}

/** A JSON document folded into a `<details>`: a one-line summary, pretty-printed inside. */
export function renderJson(data: string): HTMLDetailsElement {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new DisplayItemError(
      'bad-json',
      `application/json: the data is not JSON (${(error as Error).message})`,
    );
  }
  const details = document.createElement('details');
  details.className = 'json';
  const summary = document.createElement('summary');
  summary.textContent = `JSON ${summarise(value)}`;
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(value, null, 2);
  details.append(summary, pre);
  return details;
}
