import { sharedRuntime } from '../../runtime/shared-runtime.js';
import { checkDataFileName } from '../../state/state-file.js';
import { formatBytes, formatCount } from '../format.js';

/** Files one request writes at most, and their bytes: the worker gets a few requests, not one per file. */
const BATCH_FILES = 500;
const BATCH_BYTES = 64 * 1024 * 1024;
/** Added files named one per line in the messages; more are summed up. */
const ADDED_LINES = 10;

/** The files in order, cut into batches of at most BATCH_FILES and (but for a big file alone) BATCH_BYTES. */
function batchesOf(files: readonly File[]): File[][] {
  const batches: File[][] = [];
  let batch: File[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (batch.length >= BATCH_FILES || bytes + file.size > BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** An added file that would replace one of the same name, waiting for the reader's answer. */
export interface OverwriteQuestion {
  readonly id: number;
  readonly path: string;
  /** Replaces the existing file, or keeps it and drops the new one. */
  answer(replace: boolean): Promise<void>;
}

/** What the adder needs of the panel. */
export interface FileAdderHost {
  env(): string;
  say(kind: 'info' | 'error', text: string): void;
  /** Files were written: the panel re-reads the folder. */
  changed(): Promise<void>;
  /** Moves focus to the element whose `data-focus` is `key`, after the next render. */
  focus(key: string): void;
  update(): void;
}

/**
 * Puts ordinary files into an env's folder (Add file, drag-and-drop) under
 * the reader's own file names, since the code that opens them names them
 * too; refuses only a name the folder cannot hold, a file over the size
 * limit, and an overwrite without the reader's yes.
 */
export class FileAdder {
  #host: FileAdderHost;
  #nextId = 1;

  /** Questions still open, oldest first. */
  questions: readonly OverwriteQuestion[] = [];

  constructor(host: FileAdderHost) {
    this.#host = host;
  }

  /** Resolves when every file was added, refused, or answered for. */
  async add(files: readonly File[]): Promise<void> {
    const limit = sharedRuntime().maxFileBytes;
    const accepted: File[] = [];
    for (const file of files) {
      const problem = checkDataFileName(file.name);
      if (problem !== undefined) {
        this.#host.say('error', `${JSON.stringify(file.name)} was not added: ${problem}.`);
      } else if (file.size > limit) {
        this.#host.say(
          'error',
          `${file.name} was not added: it is ${formatBytes(file.size)}, over the limit of ${formatBytes(limit)} per file.`,
        );
      } else {
        accepted.push(file);
      }
    }
    const added: string[] = [];
    const answers: Promise<void>[] = [];
    for (const batch of batchesOf(accepted)) {
      try {
        const entries = await Promise.all(
          batch.map(async (file) => ({
            path: file.name,
            data: new Uint8Array(await file.arrayBuffer()),
          })),
        );
        const env = this.#host.env();
        const { existing } = await sharedRuntime().call('writeFiles', {
          env,
          files: entries,
          overwrite: false,
        });
        const skipped = new Set(existing);
        for (const entry of entries) {
          if (!skipped.has(entry.path)) {
            added.push(entry.path);
            continue;
          }
          // A name twice in one drop: the first was written, the second asks.
          skipped.delete(entry.path);
          answers.push(this.#ask(entry.path, entry.data));
        }
      } catch (error) {
        const names = batch.map((file) => file.name).join(', ');
        this.#host.say('error', `Could not add ${names}: ${(error as Error).message}`);
      }
    }
    if (added.length > 0) {
      this.#sayAdded(added);
      await this.#host.changed();
    }
    await Promise.all(answers);
  }

  /** One line per file for a few, one line for many: a thousand lines would bury the rest. */
  #sayAdded(paths: readonly string[]): void {
    if (paths.length <= ADDED_LINES) {
      for (const path of paths) this.#host.say('info', `Added ${path}.`);
      return;
    }
    const count = formatCount(paths.length);
    this.#host.say('info', `Added ${count} files: ${paths.slice(0, 3).join(', ')}…`);
  }

  /** Answers every open question with "keep the existing file" (the panel closed). */
  cancelAll(): void {
    for (const question of this.questions) void question.answer(false);
  }

  /** Writes the file; false when it exists and `overwrite` is off. */
  async #write(path: string, data: Uint8Array, overwrite: boolean): Promise<boolean> {
    const env = this.#host.env();
    const { existing } = await sharedRuntime().call('writeFiles', {
      env,
      files: [{ path, data }],
      overwrite,
    });
    return existing.length === 0;
  }

  #ask(path: string, data: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      const question: OverwriteQuestion = {
        id: this.#nextId++,
        path,
        answer: async (replace) => {
          if (!this.questions.includes(question)) return;
          this.questions = this.questions.filter((open) => open !== question);
          this.#host.update();
          if (!replace) {
            this.#host.say('info', `Kept the existing ${path}; the new ${path} was not added.`);
          } else {
            try {
              await this.#write(path, data, true);
              this.#host.say('info', `Replaced ${path}.`);
              await this.#host.changed();
            } catch (error) {
              this.#host.say('error', `Could not replace ${path}: ${(error as Error).message}`);
            }
          }
          const next = this.questions[0];
          this.#host.focus(next ? `cancel-overwrite:${next.id}` : `preview:${path}`);
          resolve();
        },
      };
      this.questions = [...this.questions, question];
      // The first question takes focus; later ones wait their turn.
      if (this.questions.length === 1) this.#host.focus(`cancel-overwrite:${question.id}`);
      this.#host.update();
    });
  }
}
