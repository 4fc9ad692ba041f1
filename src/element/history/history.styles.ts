import { css } from 'lit';

/** History at the foot of the State panel. */
export const historyStyles = css`
  .history {
    padding: 0.375rem 0.75rem 0.5rem;
    border-top: 1px solid var(--psr-border-color);
  }

  .history-title {
    margin: 0 0 0.25rem;
    font-weight: 600;
  }

  .history-status:not(:empty) {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-bottom: 0.25rem;
  }

  .history-error {
    margin: 0 0 0.25rem;
    color: var(--psr-error-color);
  }

  .history-note {
    margin: 0;
    color: var(--psr-muted-color);
  }

  .history-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .history-entry {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.25rem 0;
    border-bottom: 1px solid var(--psr-border-color);
  }

  .history-entry:last-child {
    border-bottom: none;
  }

  .history-revision {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .history-entry time,
  .history-size {
    color: var(--psr-muted-color);
    font-variant-numeric: tabular-nums;
  }

  .history-changes {
    flex: 1 1 12rem;
    overflow-wrap: anywhere;
  }

  .history-entry.damaged .history-changes {
    color: var(--psr-error-color);
  }
`;
