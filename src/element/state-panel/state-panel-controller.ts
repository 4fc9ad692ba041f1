import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { FileReport, StateReport } from '../../protocol.js';
import type { JobStatus } from '../../runtime/runtime-client.js';
import { sharedRuntime } from '../../runtime/shared-runtime.js';
import { downloadBlob } from '../download.js';
import {
  ExportCancelledError,
  exportTable,
  type TableFormat,
} from '../table-export/table-export.js';
import { FileAdder, type OverwriteQuestion } from './file-adder.js';
import { PreviewCache, type PreviewState } from './preview-cache.js';
import {
  type ExportJob,
  FILE_BATCH,
  type PanelMessage,
  renderStatePanel,
  type StatePanelView,
} from './state-panel-render.js';
import { TABLE_BATCH } from './state-preview-render.js';

/** What the controller needs of the element. */
export interface StatePanelHost extends ReactiveControllerHost, HTMLElement {
  readonly env: string;
  readonly name: string;
}

export interface StatePanelOptions {
  /** Called after the panel itself added, replaced or deleted a file (it has refreshed already). */
  onFilesChanged?(): void;
  /** What the panel shows below the files (History). */
  renderFooter?(): unknown;
}

/**
 * The State panel: lists the cell's folder, previews files (read by the
 * worker's own Python, never by user code), and downloads, deletes, exports
 * and adds files. Renders nothing while closed, and reads nothing either.
 */
export class StatePanelController implements ReactiveController {
  #host: StatePanelHost;
  #options: StatePanelOptions;
  #adder: FileAdder;
  #previews: PreviewCache;
  #isOpen = false;
  #generation = 0;
  #readEnv = '';
  #focusKey: string | undefined;
  /** Paths of the databases in `report`, for a lookup per row. */
  #databases = new Set<string>();
  /** File rows rendered: a batch at a time, so 10,000 files never render in one task. */
  #shownFiles = FILE_BATCH;
  /** Tables rendered per database, beyond the first batch. */
  #shownTables = new Map<string, number>();
  /** Cancels the export under way. */
  #exportAbort: AbortController | undefined;
  /** The panel's buttons, made once so each render hands Lit the same listeners. */
  #actions: StatePanelView['actions'] = {
    pickFiles: () => this.pickFiles(),
    filesPicked: (input) => this.onFilesPicked(input),
    setExpanded: (file, open) => this.setExpanded(file, open),
    download: (path) => void this.download(path),
    askDelete: (path) => this.askDelete(path),
    cancelDelete: () => this.cancelDelete(),
    confirmDelete: (path) => void this.confirmDelete(path),
    exportTable: (database, table, format) => void this.exportTable(database, table, format),
    dismissMessages: () => this.dismissMessages(),
    showMoreFiles: () => this.showMoreFiles(),
    cancelExport: () => this.cancelExport(),
    showMoreTables: (path) => this.showMoreTables(path),
  };

  /** The folder as last read; undefined until the first read ends. */
  report: StateReport | undefined;
  /** What a read of the folder waits for (Python loading, or another cell's run). */
  waiting: 'loading' | 'queued' | undefined;
  /** Why the folder could not be read. */
  loadError: string | undefined;
  /** Outcomes of the last action, in order. */
  messages: PanelMessage[] = [];
  /** The file whose Delete waits for its confirmation. */
  deleting: string | undefined;
  /** The table export under way. */
  exporting: ExportJob | undefined;

  constructor(host: StatePanelHost, options: StatePanelOptions = {}) {
    this.#host = host;
    this.#options = options;
    this.#previews = new PreviewCache(() => host.requestUpdate(), host);
    this.#adder = new FileAdder({
      env: () => host.env,
      say: (kind, text) => this.#say(kind, text),
      changed: async () => {
        await this.refresh();
        this.#options.onFilesChanged?.();
      },
      focus: (key) => this.#focus(key),
      update: () => host.requestUpdate(),
    });
    host.addController(this);
  }

  /** Whether the panel is shown. */
  get isOpen(): boolean {
    return this.#isOpen;
  }

  /** Added files that would replace one of the same name, each waiting for an answer. */
  get overwrites(): readonly OverwriteQuestion[] {
    return this.#adder.questions;
  }

  hostUpdated(): void {
    if (this.#focusKey === undefined) return;
    const key = this.#focusKey;
    this.#focusKey = undefined;
    const targets = this.#host.shadowRoot?.querySelectorAll<HTMLElement>('[data-focus]') ?? [];
    [...targets].find((element) => element.dataset.focus === key)?.focus();
  }

  hostDisconnected(): void {
    this.#adder.cancelAll();
    this.cancelExport();
  }

  /** The folder's listing; an empty one without starting Python when nothing can be there yet. */
  async #read(env: string, generation: number): Promise<StateReport> {
    const runtime = sharedRuntime();
    // Nothing ran and nothing was put back: no reason to download Python to say so.
    if (!runtime.isStarted) {
      // The stored files are listed from the store: Python starts for a preview, not a listing.
      const files = (await runtime.filesOf(env)).map(({ path, data, modified }) => ({
        path,
        size: data.length,
        modified: new Date(modified).toISOString(),
      }));
      return { env, files, databases: [] };
    }
    const onStatus = (status: JobStatus) => {
      if (generation !== this.#generation) return;
      this.waiting = status === 'loading' || status === 'queued' ? status : undefined;
      this.#host.requestUpdate();
    };
    return runtime.call('inspect', { env }, { owner: this.#host, onStatus });
  }

  #say(kind: PanelMessage['kind'], text: string): void {
    this.messages = [...this.messages, { kind, text }];
    this.#host.requestUpdate();
  }

  #focus(key: string): void {
    this.#focusKey = key;
    this.#host.requestUpdate();
  }

  #fileInput(): HTMLInputElement | null {
    return this.#host.shadowRoot?.querySelector<HTMLInputElement>('.add-file-input') ?? null;
  }

  /** Shows or hides the panel; showing it refreshes it. */
  toggle(force?: boolean): void {
    const open = force ?? !this.#isOpen;
    if (open === this.#isOpen) return;
    this.#isOpen = open;
    if (!open) {
      this.deleting = undefined;
      this.#adder.cancelAll();
      this.cancelExport();
      this.messages = [];
    }
    this.#host.requestUpdate();
    if (open) void this.refresh();
  }

  /**
   * Re-reads the folder (only when open), then the previews of open rows,
   * except those whose file kept its size and modification time.
   */
  async refresh(): Promise<void> {
    if (!this.#isOpen) return;
    const generation = ++this.#generation;
    const env = this.#host.env;
    if (env !== this.#readEnv) {
      this.#readEnv = env;
      this.#previews.clear();
      this.report = undefined;
      this.#databases.clear();
      this.#shownFiles = FILE_BATCH;
      this.#shownTables.clear();
    }
    let report: StateReport;
    try {
      report = await this.#read(env, generation);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.waiting = undefined;
      this.loadError = `Could not read the files: ${(error as Error).message}`;
      this.#host.requestUpdate();
      return;
    }
    // A later refresh started meanwhile: its answer is the newer one.
    if (generation !== this.#generation) return;
    this.waiting = undefined;
    this.loadError = undefined;
    this.report = report;
    this.#databases = new Set(report.databases.map((database) => database.path));
    this.#previews.prune(report.files);
    this.#host.requestUpdate();
    const open = report.files.filter((file) => this.isExpanded(file));
    await Promise.all(open.map((file) => this.#previews.load(env, file)));
  }

  /** Adds files to the folder, asking before one replaces a file of the same name. */
  addFiles(files: readonly File[]): Promise<void> {
    this.toggle(true);
    this.messages = [];
    return this.#adder.add(files);
  }

  /** Opens the file picker of Add file. */
  pickFiles(): void {
    const input = this.#fileInput();
    if (input) {
      input.click();
      return;
    }
    this.toggle(true);
    // Still the reader's click: a user activation lasts a few seconds.
    void this.#host.updateComplete.then(() => this.#fileInput()?.click());
  }

  /** Whether the listing recognised the file as a SQLite database (by its header). */
  isDatabase(path: string): boolean {
    return this.#databases.has(path);
  }

  /** Whether the file's row is open: as the reader left it, else open when small or a database. */
  isExpanded(file: FileReport): boolean {
    const fileCount = this.report?.files.length ?? 0;
    return this.#previews.isOpen(file, this.isDatabase(file.path), fileCount);
  }

  /** Renders the next batch of a database's tables. */
  showMoreTables(path: string): void {
    this.#shownTables.set(path, this.#shownTablesOf(path) + TABLE_BATCH);
    this.#host.requestUpdate();
  }

  #shownTablesOf(path: string): number {
    return this.#shownTables.get(path) ?? TABLE_BATCH;
  }

  /** Renders the next batch of file rows, focus on the first of them. */
  showMoreFiles(): void {
    const first = this.report?.files[this.#shownFiles];
    this.#shownFiles += FILE_BATCH;
    if (first) this.#focus(`preview:${first.path}`);
    this.#host.requestUpdate();
  }

  /** Opens or closes a file's row; opening reads its preview unless a current one is kept. */
  setExpanded(file: FileReport, open: boolean): void {
    this.#previews.setOpen(file.path, open);
    this.#host.requestUpdate();
    if (open) void this.#previews.load(this.#host.env, file);
  }

  /** The file's preview as far as it was read. */
  previewOf(path: string): PreviewState | undefined {
    return this.#previews.get(path);
  }

  /** Adds what the Add file picker returned, and empties it for the next pick. */
  onFilesPicked(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length > 0) void this.addFiles(files);
  }

  /** Hands the file to the browser's download, under its own name. */
  async download(path: string): Promise<void> {
    this.messages = [];
    try {
      const file = await sharedRuntime().call('readFile', { env: this.#host.env, path });
      const name = path.slice(path.lastIndexOf('/') + 1);
      downloadBlob(new Blob([file.data as Uint8Array<ArrayBuffer>]), name);
    } catch (error) {
      this.#say('error', `Could not download ${path}: ${(error as Error).message}`);
    }
  }

  /** Shows the inline "Delete <file>?" confirmation, focus on its Cancel. */
  askDelete(path: string): void {
    this.deleting = path;
    this.#focus(`cancel-delete:${path}`);
  }

  /** Leaves the file, focus back on its Delete button. */
  cancelDelete(): void {
    const path = this.deleting;
    this.deleting = undefined;
    this.#focus(`delete:${path}`);
  }

  /** Deletes the file, then re-reads the folder. */
  async confirmDelete(path: string): Promise<void> {
    this.deleting = undefined;
    this.messages = [];
    const files = this.report?.files ?? [];
    const index = files.findIndex((file) => file.path === path);
    const neighbour = files[index + 1] ?? files[index - 1];
    let isDeleted = false;
    try {
      await sharedRuntime().call('deleteFile', { env: this.#host.env, path });
      isDeleted = true;
      this.#say('info', `Deleted ${path}.`);
    } catch (error) {
      this.#say('error', `Could not delete ${path}: ${(error as Error).message}`);
    }
    await this.refresh();
    // Focus stays in the list: on the next file, else the previous, else Add file.
    const isLeft = this.report?.files.some((file) => file.path === neighbour?.path);
    this.#focus(isLeft ? `preview:${neighbour!.path}` : 'add-file');
    if (isDeleted) this.#options.onFilesChanged?.();
  }

  /**
   * Downloads every row of a table as `<db stem>-<table>.csv` or `.xlsx`,
   * built a page of rows at a time with a progress bar and a Cancel.
   */
  async exportTable(database: string, table: string, format: TableFormat): Promise<void> {
    this.messages = [];
    if (this.exporting) {
      this.#say('error', `Wait for the export of ${this.exporting.table} to end, or cancel it.`);
      return;
    }
    const listed = this.report?.databases.find((entry) => entry.path === database);
    const total = listed?.tables.find((entry) => entry.name === table)?.rowCount ?? null;
    const job: ExportJob = { database, table, format, rows: 0, total };
    const abort = new AbortController();
    this.exporting = job;
    this.#exportAbort = abort;
    this.#host.requestUpdate();
    try {
      const done = await exportTable(this.#host.env, database, table, format, {
        signal: abort.signal,
        owner: this.#host,
        onProgress: (rows) => {
          job.rows = rows;
          this.#host.requestUpdate();
        },
      });
      this.#say('info', done);
    } catch (error) {
      if (error instanceof ExportCancelledError) this.#say('info', error.message);
      else this.#say('error', `Could not export ${table}: ${(error as Error).message}`);
    } finally {
      this.exporting = undefined;
      this.#exportAbort = undefined;
      this.#host.requestUpdate();
    }
  }

  /** Stops the export under way before its next page; nothing is downloaded. */
  cancelExport(): void {
    this.#exportAbort?.abort();
  }

  /** Clears the outcomes of the last action. */
  dismissMessages(): void {
    this.messages = [];
    this.#host.requestUpdate();
  }

  /** The panel (part="state-panel"), or `nothing` when closed. */
  renderPanel(): unknown {
    return this.#isOpen ? renderStatePanel(this.#view()) : nothing;
  }

  #view(): StatePanelView {
    return {
      name: this.#host.name,
      report: this.report,
      waiting: this.waiting,
      loadError: this.loadError,
      messages: this.messages,
      overwrites: this.overwrites,
      deleting: this.deleting,
      shownFiles: this.#shownFiles,
      exporting: this.exporting,
      isDatabase: (path) => this.isDatabase(path),
      isExpanded: (file) => this.isExpanded(file),
      previewOf: (path) => this.previewOf(path),
      shownTablesOf: (path) => this.#shownTablesOf(path),
      actions: this.#actions,
      footer: this.#options.renderFooter?.() ?? nothing,
    };
  }
}
