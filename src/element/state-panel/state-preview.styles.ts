import { css } from 'lit';

/** An open file row: tables of a database, JSON and text, notes. Part of statePanelStyles. */
export const previewStyles = css`
  .file-preview {
    display: grid;
    gap: 0.5rem;
    padding: 0 0.75rem 0.75rem 1.75rem;
    min-width: 0;
  }

  .preview-note {
    color: var(--psr-muted-color);
  }

  .file-text {
    margin: 0;
    padding: 0.5rem 0.75rem;
    max-height: 16rem;
    overflow: auto;
    background: var(--psr-output-background);
    border-radius: 6px;
    font-family: var(--psr-code-font-family);
    font-size: var(--psr-code-font-size);
    line-height: 1.45;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .long-text summary {
    cursor: pointer;
    color: var(--psr-muted-color);
  }

  .long-text[open] summary {
    margin-bottom: 0.375rem;
  }

  .db-table {
    display: grid;
    gap: 0.375rem;
    min-width: 0;
  }

  .table-bar {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
  }

  .table-title {
    color: var(--psr-muted-color);
  }

  .table-title strong {
    color: var(--psr-color);
    font-family: var(--psr-code-font-family);
  }

  .table-scroll {
    width: fit-content;
    max-width: 100%;
    overflow: auto;
    max-height: 20rem;
    border: 1px solid var(--psr-border-color);
    border-radius: 6px;
  }

  .table-scroll table {
    border-collapse: collapse;
    font-family: var(--psr-code-font-family);
    font-size: 0.75rem;
  }

  .table-scroll th,
  .table-scroll td {
    padding: 0.25rem 0.5rem;
    text-align: left;
    border-bottom: 1px solid var(--psr-border-color);
    max-width: 20rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .table-scroll th {
    position: sticky;
    top: 0;
    background: var(--psr-toolbar-background);
    font-weight: 600;
  }

  .table-scroll tbody tr:last-child td {
    border-bottom: none;
  }

  .table-scroll td.number {
    font-variant-numeric: tabular-nums;
  }

  .table-scroll td.null {
    color: var(--psr-muted-color);
    font-style: italic;
  }
`;
