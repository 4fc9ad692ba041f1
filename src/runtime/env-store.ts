import type { EnvFile, EnvSnapshotDelta } from '../protocol.js';

/**
 * Where the client keeps each env's files between runs, so that a restarted
 * worker gets them back. Async on purpose: a store backed by IndexedDB
 * implements the same interface.
 */
export interface EnvStore {
  /** The env's files as of its last completed request; empty when none are known. */
  files(env: string): Promise<EnvFile[]>;
  /** Applies what a request changed: files not in `delta.paths` are gone. */
  applyDelta(env: string, delta: EnvSnapshotDelta): Promise<void>;
  /** Every env the store knows files of (an emptied env may still be listed). */
  envs(): Promise<string[]>;
}

/** The store of a page that keeps nothing across reloads: a copy of each env's files in memory. */
export class MemoryEnvStore implements EnvStore {
  #envs = new Map<string, Map<string, EnvFile>>();

  async files(env: string): Promise<EnvFile[]> {
    return [...(this.#envs.get(env)?.values() ?? [])];
  }

  async applyDelta(env: string, delta: EnvSnapshotDelta): Promise<void> {
    const files = this.#envs.get(env) ?? new Map<string, EnvFile>();
    const present = new Set(delta.paths);
    for (const path of files.keys()) if (!present.has(path)) files.delete(path);
    for (const file of delta.changed) files.set(file.path, file);
    this.#envs.set(env, files);
  }

  async envs(): Promise<string[]> {
    return [...this.#envs.keys()];
  }
}
