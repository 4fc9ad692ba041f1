import { sharedRuntime } from '../../runtime/shared-runtime.js';
import { checkDataFileName } from '../../state/state-file.js';
import { formatBytes } from '../format.js';

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
    const answers: Promise<void>[] = [];
    let isChanged = false;
    for (const file of files) {
      const path = file.name;
      const problem = checkDataFileName(path);
      if (problem !== undefined) {
        this.#host.say('error', `${JSON.stringify(path)} was not added: ${problem}.`);
        continue;
      }
      if (file.size > limit) {
        this.#host.say(
          'error',
          `${file.name} was not added: it is ${formatBytes(file.size)}, over the limit of ${formatBytes(limit)} per file.`,
        );
        continue;
      }
      try {
        const data = new Uint8Array(await file.arrayBuffer());
        if (await this.#write(path, data, false)) {
          isChanged = true;
          this.#host.say('info', `Added ${path}.`);
        } else {
          answers.push(this.#ask(path, data));
        }
      } catch (error) {
        this.#host.say('error', `Could not add ${file.name}: ${(error as Error).message}`);
      }
    }
    if (isChanged) await this.#host.changed();
    await Promise.all(answers);
  }

  /** Answers every open question with "keep the existing file" (the panel closed). */
  cancelAll(): void {
    for (const question of this.questions) void question.answer(false);
  }

  /** Writes the file; false when it exists and `overwrite` is off. */
  async #write(path: string, data: Uint8Array, overwrite: boolean): Promise<boolean> {
    const env = this.#host.env();
    try {
      await sharedRuntime().call('writeFile', { env, path, data, overwrite });
      return true;
    } catch (error) {
      if ((error as Error).name === 'FileExistsError') return false;
      throw error;
    }
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
