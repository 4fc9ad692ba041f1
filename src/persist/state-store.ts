/**
 * The state store: each cell's code and files in IndexedDB (through `idb`),
 * files stored once by sha256, each save a small manifest, recent revisions
 * kept as history. No DOM: it works on the page and in a worker.
 */

import { deleteDB } from 'idb';
import { sha256Hex } from '../state/encoding.js';
import {
  type Draft,
  diffFiles,
  isIntactDraft,
  isIntactManifest,
  isUnchanged,
  type Manifest,
  makeDraft,
  makeManifest,
  manifestBytes,
} from './manifest.js';
import { checkSaveInput, hashFiles, mergeFiles } from './save-input.js';
import {
  abortQuietly,
  BLOBS,
  type BlobRecord,
  type Db,
  DRAFTS,
  dropRevisions,
  highestRevision,
  openStoreDatabase,
  REVISIONS,
  rethrow,
  revisionRange,
  settle,
} from './store-database.js';
import { StaleRevisionError, StoreError, toStoreError } from './store-error.js';
import type {
  DraftInfo,
  LoadResult,
  PeekResult,
  RevisionContent,
  RevisionInfo,
  SaveInput,
  SaveResult,
  StateStoreOptions,
} from './store-types.js';

export type * from './store-types.js';

/** The default database name. */
export const DEFAULT_DATABASE_NAME = 'py-state-runner';
/** Revisions kept per key by default. */
export const DEFAULT_MAX_REVISIONS = 20;
/** The default bound on the distinct file bytes a key's history keeps. */
export const DEFAULT_MAX_HISTORY_BYTES = 500 * 1024 * 1024;
/** The IndexedDB store of every cell's saved state. */
export class StateStore {
  readonly databaseName: string;
  readonly maxRevisions: number;
  readonly maxHistoryBytes: number;
  /** Bytes written by every save through this instance, for tests and the benchmark. */
  totalBytesWritten = 0;
  #options: StateStoreOptions;
  #db?: Promise<Db>;

  constructor(options: StateStoreOptions = {}) {
    this.#options = options;
    this.databaseName = options.databaseName ?? DEFAULT_DATABASE_NAME;
    this.maxRevisions = options.maxRevisions ?? DEFAULT_MAX_REVISIONS;
    this.maxHistoryBytes = options.maxHistoryBytes ?? DEFAULT_MAX_HISTORY_BYTES;
    if (!Number.isSafeInteger(this.maxRevisions) || this.maxRevisions < 1) {
      throw new StoreError(
        'invalid',
        `maxRevisions must be a whole number ≥ 1, not ${this.maxRevisions}`,
      );
    }
  }

  /**
   * Saves a new revision: new blobs and the manifest in one transaction,
   * under a Web Lock per key. Writes nothing when nothing changed. Rejects
   * with a {@link StaleRevisionError} when `baseRevision` is not the newest
   * stored revision, and with a {@link StoreError} (`quota`, `unavailable`,
   * `corrupt`, `invalid`) otherwise; in every case the stored revisions are
   * left as they were.
   */
  save(key: string, input: SaveInput): Promise<SaveResult> {
    checkSaveInput(input);
    return this.#withLock(key, 'save', async (db) => {
      const head = await this.#readHead(db, key);
      if (head.revision !== input.baseRevision) {
        throw new StaleRevisionError(key, input.baseRevision, head.revision);
      }
      if (input.delta !== undefined && head.revision > 0 && head.manifest === undefined) {
        const message = `Could not save ${key}: revision ${head.revision} is damaged, so a change cannot be applied to it; save every file instead`;
        throw new StoreError('corrupt', message);
      }
      const now = Date.now();
      const hashed = await hashFiles(input.delta?.changed ?? input.files ?? [], now);
      const files = mergeFiles(head.manifest, input, hashed);
      const changes = diffFiles(head.manifest, { files, code: input.code });
      if (head.manifest !== undefined && isUnchanged(changes)) {
        return { saved: false, revision: head.revision, bytesWritten: 0, blobsWritten: 0, changes };
      }
      const manifest = await makeManifest({
        key,
        revision: head.revision + 1,
        savedAt: new Date(now).toISOString(),
        code: input.code,
        files,
        changes,
      });
      const data = new Map(hashed.map((file) => [file.sha256, file.data]));
      const known = new Set(head.manifest?.blobs ?? []);
      const written = await this.#commit(db, key, head.revision, manifest, (sha) =>
        known.has(sha) ? undefined : data.get(sha),
      );
      this.totalBytesWritten += written.bytes;
      this.#options.onSaved?.(key, manifest.revision);
      return {
        saved: true,
        revision: manifest.revision,
        bytesWritten: written.bytes,
        blobsWritten: written.blobs,
        changes,
      };
    });
  }

  /**
   * Keeps an edit's code cheaply, for a debounced editor save: one small
   * record per key, overwritten by the next edit and dropped by the next
   * save. Drafts are not revisions (no history, no lock, no stale check).
   * Resolves the bytes written.
   */
  async saveDraft(key: string, code: string, baseRevision: number): Promise<number> {
    const draft = await makeDraft({ key, code, baseRevision, savedAt: new Date().toISOString() });
    try {
      const db = await this.#open();
      await db.put(DRAFTS, draft);
    } catch (error) {
      throw toStoreError(error, `save the code of ${key}`);
    }
    const bytes = manifestBytes(draft);
    this.totalBytesWritten += bytes;
    return bytes;
  }

  /**
   * The newest revision that reads back whole (manifest checksum and every
   * blob's sha256 verified). Damaged revisions are skipped with a warning.
   * Never rejects for damage, only when IndexedDB itself fails.
   */
  async load(key: string): Promise<LoadResult> {
    const db = await this.#openFor(`load ${key}`);
    const warnings: string[] = [];
    let manifests: unknown[];
    let draftRecord: unknown;
    try {
      [manifests, draftRecord] = await Promise.all([
        db.getAll(REVISIONS, revisionRange(key)),
        db.get(DRAFTS, key),
      ]);
    } catch (error) {
      throw toStoreError(error, `load ${key}`);
    }
    const draft = await this.#checkDraft(key, draftRecord, warnings);
    const headRevision = highestRevision(manifests);
    for (const record of manifests.reverse()) {
      const revision = (record as { revision?: unknown }).revision;
      try {
        const content = await this.#readVerified(db, key, record);
        return { kind: 'restored', headRevision, ...content, draft, warnings };
      } catch (error) {
        if (!(error instanceof StoreError && error.reason === 'corrupt')) throw error;
        this.#warn(`${error.message}; skipped revision ${String(revision)}`, warnings);
      }
    }
    if (manifests.length === 0) return { kind: 'empty', headRevision, draft, warnings };
    this.#warn(`Nothing usable is stored for ${key}: every revision is damaged`, warnings);
    return { kind: 'unusable', headRevision, draft, warnings };
  }

  /**
   * The newest revision's code and the draft, without reading any file: the
   * cell shows it at once while `load` verifies the files (sha256 of
   * megabytes takes long). Warns about nothing, `load` does. Rejects only
   * when IndexedDB itself fails.
   */
  async peekCode(key: string): Promise<PeekResult> {
    const db = await this.#openFor(`read the code of ${key}`);
    let newestRecord: unknown;
    let draftRecord: unknown;
    try {
      const tx = db.transaction([REVISIONS, DRAFTS]);
      const [cursor, draft] = await Promise.all([
        tx.objectStore(REVISIONS).openCursor(revisionRange(key), 'prev'),
        tx.objectStore(DRAFTS).get(key),
      ]);
      newestRecord = cursor?.value;
      draftRecord = draft;
    } catch (error) {
      throw toStoreError(error, `read the code of ${key}`);
    }
    const headRevision = highestRevision(newestRecord === undefined ? [] : [newestRecord]);
    const draft =
      draftRecord !== undefined && (await isIntactDraft(draftRecord))
        ? this.#draftInfo(draftRecord as Draft)
        : undefined;
    if (newestRecord === undefined || !(await isIntactManifest(newestRecord))) {
      return { headRevision, draft };
    }
    const { revision, code, savedAt } = newestRecord as Manifest;
    return { headRevision, newest: { revision, code, savedAt }, draft };
  }

  /** The key's revisions, newest first, with what each changed. */
  async history(key: string): Promise<RevisionInfo[]> {
    const db = await this.#openFor(`list the history of ${key}`);
    let manifests: unknown[];
    try {
      manifests = await db.getAll(REVISIONS, revisionRange(key));
    } catch (error) {
      throw toStoreError(error, `list the history of ${key}`);
    }
    const entries = await Promise.all(
      manifests.map(async (record) => {
        const manifest = record as Manifest;
        const intact = await isIntactManifest(record);
        return {
          revision: manifest.revision,
          savedAt: intact ? manifest.savedAt : '',
          changes: intact ? manifest.changes : { added: [], changed: [], removed: [], code: false },
          fileCount: intact ? manifest.files.length : 0,
          bytes: intact ? manifest.files.reduce((sum, file) => sum + file.size, 0) : 0,
          damaged: !intact,
        };
      }),
    );
    return entries.reverse();
  }

  /** One revision read back whole; rejects with reason `missing` or `corrupt`. */
  async readRevision(key: string, revision: number): Promise<RevisionContent> {
    const db = await this.#openFor(`read revision ${revision} of ${key}`);
    let record: unknown;
    try {
      record = await db.get(REVISIONS, [key, revision]);
    } catch (error) {
      throw toStoreError(error, `read revision ${revision} of ${key}`);
    }
    if (record === undefined) {
      throw new StoreError(
        'missing',
        `Revision ${revision} of ${key} is not stored (or no longer kept)`,
      );
    }
    return this.#readVerified(db, key, record);
  }

  /**
   * Saves an earlier revision again as the newest (history restore; Undo is
   * the same with the revision before). Its blobs are already stored, so it
   * writes one manifest.
   */
  async restoreRevision(key: string, revision: number, baseRevision: number): Promise<SaveResult> {
    const content = await this.readRevision(key, revision);
    return this.save(key, { code: content.code, files: content.files, baseRevision });
  }

  /** Removes every revision and the draft of a key, and the blobs no other revision names. */
  remove(key: string): Promise<void> {
    return this.#withLock(key, 'remove', async (db) => {
      const tx = db.transaction([BLOBS, REVISIONS, DRAFTS], 'readwrite');
      const done = settle(tx.done);
      try {
        const manifests = (await tx
          .objectStore(REVISIONS)
          .getAll(revisionRange(key))) as Manifest[];
        await tx.objectStore(DRAFTS).delete(key);
        await dropRevisions(tx, key, manifests);
      } catch (error) {
        abortQuietly(tx);
        await done;
        throw toStoreError(tx.error ?? error, `remove ${key}`);
      }
      await done.then(rethrow);
    }).then(() => undefined);
  }

  /** Closes the database connection; the next call opens it again. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    (await db?.catch(() => undefined))?.close();
  }

  /** Deletes the whole database, e.g. between tests. */
  static async deleteDatabase(name: string): Promise<void> {
    await deleteDB(name);
  }

  #open(): Promise<Db> {
    if (this.#db === undefined) {
      this.#db = openStoreDatabase(this.databaseName, () => {
        this.#db = undefined;
      });
      this.#db.catch(() => {
        this.#db = undefined;
      });
    }
    return this.#db;
  }

  async #openFor(doing: string): Promise<Db> {
    try {
      return await this.#open();
    } catch (error) {
      throw toStoreError(error, doing);
    }
  }

  async #withLock<T>(key: string, doing: string, body: (db: Db) => Promise<T>): Promise<T> {
    const db = await this.#openFor(`${doing} ${key}`);
    const run = async () => {
      try {
        return await body(db);
      } catch (error) {
        throw toStoreError(error, `${doing} ${key}`);
      }
    };
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    // Without Web Locks the check inside the write transaction still refuses a stale save.
    if (locks === undefined) return run();
    return locks.request(`py-state-runner:${this.databaseName}:${key}`, run) as Promise<T>;
  }

  /** The newest stored revision number, and its manifest when that one is intact. */
  async #readHead(db: Db, key: string): Promise<{ revision: number; manifest?: Manifest }> {
    const cursor = await db.transaction(REVISIONS).store.openCursor(revisionRange(key), 'prev');
    if (cursor === null) return { revision: 0 };
    const revision = (cursor.key as [string, number])[1];
    const intact = await isIntactManifest(cursor.value);
    return { revision, manifest: intact ? (cursor.value as Manifest) : undefined };
  }

  /** Writes the blobs `dataFor` returns that are not stored yet, the manifest, and trims history. */
  async #commit(
    db: Db,
    key: string,
    expectedHead: number,
    manifest: Manifest,
    dataFor: (sha256: string) => Uint8Array | undefined,
  ): Promise<{ bytes: number; blobs: number }> {
    const tx = db.transaction([BLOBS, REVISIONS, DRAFTS], 'readwrite');
    const done = settle(tx.done);
    let bytes = 0;
    let blobs = 0;
    try {
      const revisions = tx.objectStore(REVISIONS);
      const head = await revisions.openKeyCursor(revisionRange(key), 'prev');
      const current = head === null ? 0 : (head.key as [string, number])[1];
      if (current !== expectedHead) throw new StaleRevisionError(key, expectedHead, current);
      const blobStore = tx.objectStore(BLOBS);
      for (const sha256 of manifest.blobs) {
        const data = dataFor(sha256);
        if (data === undefined || (await blobStore.getKey(sha256)) !== undefined) continue;
        await blobStore.put({ sha256, data } satisfies BlobRecord);
        bytes += data.length;
        blobs += 1;
      }
      await revisions.put(manifest);
      bytes += manifestBytes(manifest);
      await tx.objectStore(DRAFTS).delete(key);
      const all = (await revisions.getAll(revisionRange(key))) as Manifest[];
      await dropRevisions(tx, key, this.#revisionsToDrop(all));
    } catch (error) {
      abortQuietly(tx);
      await done;
      throw toStoreError(tx.error ?? error, `save ${key}`);
    }
    await done.then(rethrow);
    return { bytes, blobs };
  }

  /** The oldest revisions past the count, then past the size bound; the newest always stays. */
  #revisionsToDrop(ascending: Manifest[]): Manifest[] {
    const newestFirst = [...ascending].reverse();
    const seen = new Set<string>();
    let total = 0;
    let keep = 0;
    for (const manifest of newestFirst) {
      if (keep >= this.maxRevisions) break;
      for (const file of Array.isArray(manifest.files) ? manifest.files : []) {
        if (!seen.has(file.sha256)) {
          seen.add(file.sha256);
          total += file.size;
        }
      }
      if (keep > 0 && total > this.maxHistoryBytes) break;
      keep += 1;
    }
    return newestFirst.slice(keep);
  }

  async #readVerified(db: Db, key: string, record: unknown): Promise<RevisionContent> {
    const revision = (record as { revision?: unknown }).revision;
    if (!(await isIntactManifest(record))) {
      throw new StoreError(
        'corrupt',
        `Revision ${String(revision)} of ${key} is damaged (its checksum does not match)`,
      );
    }
    const manifest = record as Manifest;
    let blobs: (BlobRecord | undefined)[];
    try {
      const store = db.transaction(BLOBS).store;
      blobs = await Promise.all(
        manifest.blobs.map((sha) => store.get(sha) as Promise<BlobRecord | undefined>),
      );
    } catch (error) {
      throw toStoreError(error, `read revision ${manifest.revision} of ${key}`);
    }
    const bySha = new Map<string, Uint8Array>();
    for (const [index, sha256] of manifest.blobs.entries()) {
      const data = blobs[index]?.data;
      if (!(data instanceof Uint8Array) || (await sha256Hex(data)) !== sha256) {
        const path = manifest.files.find((file) => file.sha256 === sha256)?.path;
        const problem = data === undefined ? 'is missing' : 'does not match its sha256';
        throw new StoreError(
          'corrupt',
          `Revision ${manifest.revision} of ${key} is damaged: the stored data of ${path} ${problem}`,
        );
      }
      bySha.set(sha256, data);
    }
    return {
      revision: manifest.revision,
      savedAt: manifest.savedAt,
      code: manifest.code,
      files: manifest.files.map((file) => ({
        path: file.path,
        data: bySha.get(file.sha256)!,
        size: file.size,
        modified: file.modified,
      })),
    };
  }

  async #checkDraft(
    key: string,
    record: unknown,
    warnings: string[],
  ): Promise<DraftInfo | undefined> {
    if (record === undefined) return undefined;
    if (!(await isIntactDraft(record))) {
      this.#warn(`The unsaved code edit of ${key} is damaged and was ignored`, warnings);
      return undefined;
    }
    return this.#draftInfo(record as Draft);
  }

  #draftInfo({ code, baseRevision, savedAt }: Draft): DraftInfo {
    return { code, baseRevision, savedAt };
  }

  #warn(message: string, warnings: string[]): void {
    warnings.push(message);
    (this.#options.warn ?? ((text: string) => console.warn(`py-state-runner: ${text}`)))(message);
  }
}
