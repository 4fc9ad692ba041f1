import { configure, type PyStateRunnerElement } from '../src/index.js';

/** Tests serve Pyodide straight from node_modules. */
export const PYODIDE_URL = '/node_modules/pyodide/';

export function useLocalPyodide(): void {
  configure({ indexURL: PYODIDE_URL });
}

let counter = 0;

/** A name no other test uses, so no state leaks between tests. */
export function uniqueName(prefix = 'cell'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Adds a cell to the page and waits until it has rendered its editor. */
export async function addCell(
  code: string,
  attributes: Record<string, string> = {},
): Promise<PyStateRunnerElement> {
  const cell = document.createElement('py-state-runner');
  cell.setAttribute('name', attributes.name ?? uniqueName());
  for (const [key, value] of Object.entries(attributes)) cell.setAttribute(key, value);
  const script = document.createElement('script');
  script.type = 'text/python';
  script.textContent = code;
  cell.append(script);
  document.body.append(cell);
  await cell.updateComplete;
  return cell;
}

export function removeCells(): void {
  for (const cell of document.querySelectorAll('py-state-runner')) cell.remove();
}

export function outputText(cell: PyStateRunnerElement): string {
  return cell.shadowRoot!.querySelector('.output')!.textContent ?? '';
}

export function button(cell: PyStateRunnerElement, word: string): HTMLButtonElement {
  const found = [...cell.shadowRoot!.querySelectorAll('button')].find((candidate) =>
    (candidate.getAttribute('aria-label') ?? candidate.textContent ?? '').trim().startsWith(word),
  );
  if (!found) throw new Error(`No button named ${word}`);
  return found;
}

/** Resolves with the next event of that name the element fires. */
export function nextEvent<T = unknown>(target: EventTarget, name: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) =>
    target.addEventListener(name, (event) => resolve(event as CustomEvent<T>), { once: true }),
  );
}

/** Resolves after `count` animation frames. */
export async function frames(count = 1): Promise<void> {
  for (let index = 0; index < count; index++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Waits until `check` is true, checking each animation frame; fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 30000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await frames();
  }
}

/** Paths the test server was asked for since the last clear. */
export async function requestedPaths(clear = false): Promise<string[]> {
  const response = await fetch(`/__requests${clear ? '?clear' : ''}`);
  return response.json();
}

/** Captures what the browser would download, instead of downloading it. */
export async function captureDownload(action: () => void): Promise<{ name: string; blob: Blob }> {
  const originalClick = HTMLAnchorElement.prototype.click;
  const originalCreate = URL.createObjectURL;
  let blob: Blob | undefined;
  try {
    URL.createObjectURL = (object: Blob | MediaSource) => {
      blob = object as Blob;
      return originalCreate(object);
    };
    return await new Promise((resolve) => {
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        resolve({ name: this.download, blob: blob! });
      };
      action();
    });
  } finally {
    HTMLAnchorElement.prototype.click = originalClick;
    URL.createObjectURL = originalCreate;
  }
}

/** Runs `expression` in the cell and gives the repr of its value, or the name of what it raised; the code is put back. */
export async function evaluate(
  cell: PyStateRunnerElement,
  expression: string,
): Promise<string | undefined> {
  const code = cell.code;
  cell.code = expression;
  const result = await cell.run();
  cell.code = code;
  return result.ok ? result.result : result.error?.type;
}

/** Stops a file input's picker from opening; the result says whether something tried to open it. */
export function stubFilePicker(input: HTMLInputElement): () => boolean {
  let isOpened = false;
  input.addEventListener(
    'click',
    (event) => {
      isOpened = true;
      event.preventDefault();
    },
    { once: true },
  );
  return () => isOpened;
}
