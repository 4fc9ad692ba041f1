import { html, nothing } from 'lit';
import type { CellStatus, LoadingProgress } from './run-controller.js';

/** What the toolbar shows and what its buttons do. */
export interface ToolbarView {
  name: string;
  status: CellStatus;
  isStopping: boolean;
  isPanelOpen: boolean;
  /** The status in words; it changes only when the status does, so screen readers are not flooded. */
  statusText: string;
  /** Elapsed time while running, shown but not announced. */
  elapsedText: string;
  /** How far loading has come, while the cell loads. */
  loadingProgress: LoadingProgress | undefined;
  run(): void;
  /** The reader points at or focuses Run: Python can start loading. */
  showIntent(): void;
  stop(): void;
  save(): void;
  pickStateFile(): void;
  statePicked(input: HTMLInputElement): void;
  share(): void;
  togglePanel(): void;
  askClear(): void;
}

/** The toolbar: Run, Stop, Save, Load, Share, State, Clear, and the status. */
export function renderToolbar(view: ToolbarView) {
  const isBusy = view.status !== 'idle';
  return html`
    <div class="toolbar" part="toolbar" role="toolbar" aria-label="Cell ${view.name}">
      <button
        part="button run-button"
        class="run-button"
        aria-keyshortcuts="Shift+Enter Control+Enter Meta+Enter"
        title="Run (Shift-Enter or Ctrl-Enter)"
        @click=${view.run}
        @pointerenter=${view.showIntent}
        @focus=${view.showIntent}
      >
        Run
      </button>
      <button
        part="button stop-button"
        title="Stop the run"
        ?disabled=${!isBusy || view.isStopping}
        @click=${view.stop}
      >
        Stop
      </button>
      <button part="button save-button" title="Download this cell's state file" @click=${view.save}>
        Save
      </button>
      <button part="button load-button" title="Load a state file" @click=${view.pickStateFile}>
        Load
      </button>
      <button part="button share-button" title="Copy a link that carries this cell's state" @click=${view.share}>
        Share
      </button>
      <button
        part="button state-button"
        class="state-button"
        aria-expanded=${view.isPanelOpen ? 'true' : 'false'}
        aria-controls="state-panel"
        title="Show the files of this cell"
        @click=${view.togglePanel}
      >
        State
      </button>
      <button part="button clear-button" title="Clear all files and variables" @click=${view.askClear}>
        Clear
      </button>
      <input
        class="load-input"
        type="file"
        accept=".json,application/json"
        hidden
        tabindex="-1"
        aria-hidden="true"
        @change=${(event: Event) => view.statePicked(event.target as HTMLInputElement)}
      />
      <span class="status" part="status">
        ${
          view.loadingProgress
            ? html`<progress
                aria-label="Loading Python"
                max=${view.loadingProgress.max}
                value=${view.loadingProgress.value}
              ></progress>`
            : nothing
        }
        <span role="status">${view.statusText}</span>
        ${view.elapsedText ? html`<span aria-hidden="true">${view.elapsedText}</span>` : nothing}
      </span>
    </div>
  `;
}
