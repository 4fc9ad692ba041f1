import type { EnvFile, EnvSnapshotDelta } from '../protocol.js';
import type { EnvStore } from './env-store.js';

/**
 * Something else that keeps an env's files, such as a cell's IndexedDB
 * autosave: the runtime hands it each change and asks it for the files
 * when a restarted worker needs them back.
 */
export interface EnvBinding {
  /** The env's files as of its last completed request, e.g. read back from IndexedDB. */
  files(): Promise<EnvFile[]>;
  /** A request changed the env's folder. Must not wait for storage: a run's result waits for this. */
  changed(delta: EnvSnapshotDelta): void;
}

/**
 * The runtime's env store: envs bound to a keeper (a `persist="local"` cell)
 * keep no copy in page memory, so a 50 MB state costs no 50 MB more here;
 * every other env falls back to the inner store (memory).
 */
export class BoundEnvStore implements EnvStore {
  #inner: EnvStore;
  #bindings = new Map<string, EnvBinding[]>();

  constructor(inner: EnvStore) {
    this.#inner = inner;
  }

  /** Routes an env's files through `binding` until the returned function is called. */
  bind(env: string, binding: EnvBinding): () => void {
    const list = this.#bindings.get(env) ?? [];
    this.#bindings.set(env, [...list, binding]);
    // The binding keeps the files now; a second copy would only cost memory.
    if (list.length === 0) void this.#inner.applyDelta(env, { paths: [], changed: [] });
    return () => {
      const rest = (this.#bindings.get(env) ?? []).filter((bound) => bound !== binding);
      if (rest.length > 0) this.#bindings.set(env, rest);
      else this.#bindings.delete(env);
    };
  }

  /** Whether a keeper holds this env's files. */
  isBound(env: string): boolean {
    return this.#bindings.has(env);
  }

  files(env: string): Promise<EnvFile[]> {
    const binding = this.#bindings.get(env)?.[0];
    return binding ? binding.files() : this.#inner.files(env);
  }

  async applyDelta(env: string, delta: EnvSnapshotDelta): Promise<void> {
    const bindings = this.#bindings.get(env);
    if (!bindings) return this.#inner.applyDelta(env, delta);
    for (const binding of bindings) binding.changed(delta);
  }

  async envs(): Promise<string[]> {
    return [...new Set([...(await this.#inner.envs()), ...this.#bindings.keys()])];
  }
}
