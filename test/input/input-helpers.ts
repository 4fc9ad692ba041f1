import type { PyStateRunnerElement } from '../../src/index.js';
import { until } from '../helpers.js';

/** The input field the cell shows while Python waits for a line, once it is there. */
export async function inputField(cell: PyStateRunnerElement): Promise<HTMLInputElement> {
  const find = () => cell.shadowRoot!.querySelector<HTMLInputElement>('.output input');
  await until(() => find() !== null, 'the input field');
  return find()!;
}

export function hasInputField(cell: PyStateRunnerElement): boolean {
  return cell.shadowRoot!.querySelector('.output input') !== null;
}

/** Whether the field has the focus (inside the cell's shadow root). */
export function isFocused(cell: PyStateRunnerElement, field: HTMLElement): boolean {
  return cell.shadowRoot!.activeElement === field;
}
