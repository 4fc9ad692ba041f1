import { assert } from 'chai';
import type { PyStateRunnerElement } from '../../../src/index.js';
import type { RuntimeClient } from '../../../src/runtime/runtime-client.js';
import { sharedRuntime } from '../../../src/runtime/shared-runtime.js';

/** Runs code in an env and returns the repr of its last expression; fails the test on an exception. */
export async function python(env: string, code: string): Promise<string | undefined> {
  const result = await sharedRuntime().run(env, code, '<test>');
  assert.isTrue(result.ok, result.error?.traceback);
  return result.result;
}

export function stateButton(host: PyStateRunnerElement): HTMLButtonElement {
  return host.shadowRoot!.querySelector<HTMLButtonElement>('[part~=state-button]')!;
}

/** A cell over the env (its name), not yet on the page's runtime queue. */
export async function cellOf(env: string): Promise<PyStateRunnerElement> {
  const host = document.createElement('py-state-runner');
  host.setAttribute('name', env);
  document.body.append(host);
  await host.updateComplete;
  return host;
}

/** Opens the State panel of the cell and waits until it read the folder. */
export async function open(host: PyStateRunnerElement): Promise<void> {
  stateButton(host).click();
  await host.stateChanged();
  await host.updateComplete;
}

export function rowPaths(host: PyStateRunnerElement): string[] {
  return [...host.shadowRoot!.querySelectorAll('.state-file .file-path')].map(
    (node) => node.textContent ?? '',
  );
}

export function buttonNamed(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent!.trim()) === name,
  );
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}

export function text(element: Element | null | undefined): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Counts the worker methods the shared runtime is asked for while `action` runs. */
export async function countCalls(action: () => Promise<unknown>): Promise<Map<string, number>> {
  const client = sharedRuntime();
  const original = client.call;
  const counts = new Map<string, number>();
  client.call = function (this: RuntimeClient, method, ...rest) {
    counts.set(method, (counts.get(method) ?? 0) + 1);
    return original.call(this, method, ...rest);
  } as typeof original;
  try {
    await action();
  } finally {
    client.call = original;
  }
  return counts;
}
