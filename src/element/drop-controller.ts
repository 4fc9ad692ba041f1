import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the cell does with files dropped on it. */
export interface DropHost extends ReactiveControllerHost, HTMLElement {
  /** A state file replaces the cell's state. */
  loadState(file: Blob): Promise<void>;
  /** Anything else goes into the cell's folder. */
  addDataFiles(files: File[]): Promise<void>;
}

const STATE_FILE_SUFFIX = '.pystate.json';

/**
 * Files dropped on the cell: state files load, other files are added to the
 * folder. A `.json` file counts as a state file when it says so in its first
 * bytes, since a renamed download should still load; so does a download of
 * the classic Pyodide demo.
 */
export class DropController implements ReactiveController {
  #host: DropHost;
  #depth = 0;
  /** A drag with files is over the cell. */
  isOver = false;

  #onDragEnter = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    this.#depth += 1;
    this.#setOver(true);
  };
  #onDragOver = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  #onDragLeave = () => {
    this.#depth = Math.max(0, this.#depth - 1);
    if (this.#depth === 0) this.#setOver(false);
  };
  #onDrop = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    this.#depth = 0;
    this.#setOver(false);
    void this.receive([...(event.dataTransfer?.files ?? [])]).catch(() => {});
  };

  constructor(host: DropHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('dragenter', this.#onDragEnter);
    this.#host.addEventListener('dragover', this.#onDragOver);
    this.#host.addEventListener('dragleave', this.#onDragLeave);
    this.#host.addEventListener('drop', this.#onDrop);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('dragenter', this.#onDragEnter);
    this.#host.removeEventListener('dragover', this.#onDragOver);
    this.#host.removeEventListener('dragleave', this.#onDragLeave);
    this.#host.removeEventListener('drop', this.#onDrop);
  }

  /** Sorts dropped files into state files and data files, and hands each on. */
  async receive(files: File[]): Promise<void> {
    const data: File[] = [];
    for (const file of files) {
      if (await isStateFile(file)) await this.#host.loadState(file);
      else data.push(file);
    }
    if (data.length > 0) await this.#host.addDataFiles(data);
  }

  #setOver(value: boolean): void {
    if (this.isOver === value) return;
    this.isOver = value;
    this.#host.requestUpdate();
  }
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export async function isStateFile(file: File): Promise<boolean> {
  const name = file.name.toLowerCase();
  if (name.endsWith(STATE_FILE_SUFFIX)) return true;
  if (!name.endsWith('.json')) return false;
  const head = await file.slice(0, 256).text();
  // The classic Pyodide demo's download starts with one of its two keys.
  return /^\s*\{\s*("format"\s*:\s*"py-state-runner"|"database"\s*:|"jsonState"\s*:)/.test(head);
}
