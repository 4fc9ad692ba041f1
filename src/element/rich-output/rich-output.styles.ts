import { css } from 'lit';

/**
 * For the output pane that holds display items (add to the element's styles):
 * each item is a block of its own that scrolls sideways instead of widening
 * the cell.
 */
export const richOutputStyles = css`
  .display-slot {
    display: block;
    /* The output pane is a <pre>; rich content wraps and collapses spaces as on a page. */
    white-space: normal;
  }

  .display-slot > .notice {
    white-space: pre-wrap;
  }

  .display-item {
    display: block;
    margin: 0.25rem 0;
    max-width: 100%;
    overflow-x: auto;
  }
`;

/**
 * Inside each item's own shadow root. Colours come from the cell's `--psr-*`
 * properties (custom properties cross shadow boundaries), with defaults for
 * light and dark so an item also reads well on its own.
 */
export const displayItemStyles = css`
  :host {
    --_border: var(--psr-border-color, #d0d7de);
    --_stripe: var(--psr-display-stripe-background, rgba(175, 184, 193, 0.2));
    --_link: var(--psr-accent, #0969da);
    --_code-font: var(
      --psr-code-font-family,
      ui-monospace,
      'Cascadia Code',
      'Source Code Pro',
      Menlo,
      Consolas,
      monospace
    );

    display: block;
    color: inherit;
    font-family: var(--psr-font-family, system-ui, sans-serif);
    font-size: 0.875rem;
    line-height: 1.5;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_border: var(--psr-border-color, #3d444d);
      --_stripe: var(--psr-display-stripe-background, rgba(101, 108, 118, 0.2));
      --_link: var(--psr-accent, #4493f8);
    }
  }

  pre {
    margin: 0;
    font-family: var(--_code-font);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  img,
  svg {
    max-width: 100%;
    height: auto;
  }

  a {
    color: var(--_link);
  }

  table {
    border-collapse: collapse;
    border-spacing: 0;
    margin: 0.25rem 0;
    font-variant-numeric: tabular-nums;
  }

  th,
  td {
    padding: 0.25rem 0.625rem;
    border-bottom: 1px solid var(--_border);
    text-align: right;
    vertical-align: top;
    white-space: nowrap;
  }

  thead th {
    border-bottom-width: 2px;
    vertical-align: bottom;
  }

  tbody tr:nth-child(odd) {
    background: var(--_stripe);
  }

  h1,
  h2,
  h3,
  h4 {
    margin: 0.5rem 0 0.25rem;
    line-height: 1.25;
  }

  p,
  ul,
  ol {
    margin: 0.25rem 0;
  }

  code {
    font-family: var(--_code-font);
  }

  summary {
    cursor: pointer;
    font-family: var(--_code-font);
  }

  .unsupported {
    font-style: italic;
  }
`;
