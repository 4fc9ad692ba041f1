import { css } from 'lit';
import { previewStyles } from './state-preview.styles.js';

/** The State panel, in the element's own custom properties, so the page's theme and dark mode apply. */
export const statePanelStyles = css`
  ${previewStyles}

  :host {
    --psr-state-panel-max-height: none;
  }

  .state-panel {
    border-bottom: 1px solid var(--psr-border-color);
    background: var(--psr-background);
    font-size: 0.8125rem;
    max-height: var(--psr-state-panel-max-height);
    overflow: auto;
  }

  .state-head {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    background: var(--psr-toolbar-background);
    border-bottom: 1px solid var(--psr-border-color);
  }

  .state-summary {
    margin: 0 auto 0 0;
    color: var(--psr-muted-color);
    font-variant-numeric: tabular-nums;
  }

  .state-messages.has-messages {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    border-bottom: 1px solid var(--psr-border-color);
  }

  .message-list {
    flex: 1;
    display: grid;
    gap: 0.25rem;
  }

  .state-message {
    margin: 0;
  }

  .state-messages .dismiss {
    flex: none;
  }

  .state-message.error,
  .state-load-error,
  .preview-error {
    color: var(--psr-error-color);
  }

  .state-load-error {
    margin: 0;
    padding: 0.375rem 0.75rem;
  }

  .state-question {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    background: var(--psr-output-background);
    border-bottom: 1px solid var(--psr-border-color);
  }

  .state-question > span {
    margin-right: auto;
  }

  .state-empty p,
  .preview-note,
  .preview-error {
    margin: 0;
  }

  .state-empty {
    padding: 1rem 0.75rem;
    color: var(--psr-muted-color);
    display: grid;
    gap: 0.25rem;
  }

  .state-empty strong {
    color: var(--psr-color);
  }

  .state-files {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .state-export {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--psr-border-color);
  }

  .state-export progress {
    flex: 1 1 8rem;
  }

  .more-tables {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin: 0;
    padding: 0.5rem 0;
    color: var(--psr-muted-color);
  }

  .more-files {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-top: 1px solid var(--psr-border-color);
    color: var(--psr-muted-color);
  }

  .file-error {
    color: var(--psr-error-color);
  }

  .state-file + .state-file {
    border-top: 1px solid var(--psr-border-color);
  }

  .file-row {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    padding: 0.25rem 0.75rem 0.25rem 0.375rem;
  }

  .state-panel .file-toggle {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    margin-right: auto;
    min-width: 0;
    max-width: 100%;
    border-color: transparent;
    background: transparent;
    padding: 0.25rem 0.375rem;
    font-family: var(--psr-code-font-family);
    text-align: left;
  }

  .file-path {
    overflow-wrap: anywhere;
  }

  .chevron {
    flex: none;
    width: 0;
    height: 0;
    border-block: 0.3rem solid transparent;
    border-inline-start: 0.4rem solid var(--psr-muted-color);
    transition: transform 0.1s;
  }

  .file-toggle[aria-expanded='true'] .chevron {
    transform: rotate(90deg);
  }

  .file-kind {
    padding: 0 0.375rem;
    border: 1px solid var(--psr-border-color);
    border-radius: 999px;
    color: var(--psr-muted-color);
    font-size: 0.75rem;
  }

  .file-size,
  .file-modified {
    color: var(--psr-muted-color);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .file-actions,
  .file-actions .confirm,
  .table-actions {
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.375rem;
  }

  .file-toggle:focus-visible,
  .file-text:focus-visible,
  .table-scroll:focus-visible,
  .long-text summary:focus-visible {
    outline: 2px solid var(--psr-accent);
    outline-offset: 1px;
  }
`;
