import { assert } from 'chai';
import type { PyStateRunnerElement } from '../src/index.js';

/** Python that prints {path: sha256} of every file in the cell's folder, as JSON. */
const HASH_FILES = `
import hashlib, json, os
found = {}
for folder, _, names in os.walk("."):
    for name in names:
        path = os.path.join(folder, name)[2:]
        found[path] = hashlib.sha256(open(path, "rb").read()).hexdigest()
print(json.dumps(found, sort_keys=True))
`;

/** Every file of the cell's folder by path, as its sha256; the cell's code is put back. */
export async function fileHashes(cell: PyStateRunnerElement): Promise<Record<string, string>> {
  const code = cell.code;
  cell.code = HASH_FILES;
  const result = await cell.run();
  cell.code = code;
  assert.isTrue(result.ok, result.error?.traceback);
  return JSON.parse(result.stdout);
}

/** A file of test/fixtures/, as a File of that name. */
export async function fixtureFile(name: string): Promise<File> {
  const response = await fetch(`/test/fixtures/${name}`);
  assert.isTrue(response.ok, `fixture ${name} is served`);
  return new File([await response.blob()], name, { type: 'application/json' });
}

/** The text of the cell's message line under the toolbar, spaces collapsed. */
export function messageText(cell: PyStateRunnerElement): string {
  return (
    cell.shadowRoot!.querySelector('[part=message]')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
  );
}

/** Sends files to the cell as a drag and drop does. */
export function dropFiles(target: HTMLElement, files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(
      new DragEvent(type, {
        dataTransfer: transfer,
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
  }
}
