import { css } from 'lit';

/** The dark scheme's values of the custom properties, for the media query and theme="dark". */
const darkColors = css`
  --psr-background: #0d1117;
  --psr-color: #e6edf3;
  --psr-muted-color: #9198a1;
  --psr-border-color: #3d444d;
  --psr-accent: #4493f8;
  --psr-accent-contrast: #0d1117;
  --psr-editor-background: #0d1117;
  --psr-editor-color: #e6edf3;
  --psr-gutter-background: #151b23;
  --psr-active-line-background: rgba(101, 108, 118, 0.2);
  --psr-display-stripe-background: rgba(101, 108, 118, 0.2);
  --psr-selection-background: #264f78;
  --psr-toolbar-background: #151b23;
  --psr-output-background: #151b23;
  --psr-stderr-color: #d29922;
  --psr-error-color: #ff7b72;
  --psr-result-color: #79c0ff;
  --psr-notice-color: #9198a1;
  --psr-syntax-keyword: #ff7b72;
  --psr-syntax-string: #a5d6ff;
  --psr-syntax-number: #79c0ff;
  --psr-syntax-comment: #9198a1;
  --psr-syntax-function: #d2a8ff;
  --psr-syntax-type: #ffa657;
  --psr-syntax-builtin: #79c0ff;
`;

export const styles = css`
  :host {
    --psr-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --psr-code-font-family: ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas,
      monospace;
    --psr-code-font-size: 0.875rem;
    --psr-radius: 8px;
    --psr-background: #ffffff;
    --psr-color: #1f2328;
    --psr-muted-color: #57606a;
    --psr-border-color: #d0d7de;
    --psr-accent: #0969da;
    --psr-accent-contrast: #ffffff;
    --psr-editor-background: #ffffff;
    --psr-editor-color: #1f2328;
    --psr-editor-max-height: 28rem;
    --psr-gutter-background: #f6f8fa;
    --psr-active-line-background: rgba(234, 238, 242, 0.5);
    --psr-display-stripe-background: rgba(175, 184, 193, 0.2);
    --psr-selection-background: #b6d7ff;
    --psr-toolbar-background: #f6f8fa;
    --psr-output-background: #f6f8fa;
    --psr-output-max-height: 24rem;
    --psr-stderr-color: #9a6700;
    --psr-error-color: #cf222e;
    --psr-result-color: #0550ae;
    --psr-notice-color: #57606a;
    --psr-syntax-keyword: #cf222e;
    --psr-syntax-string: #0a3069;
    --psr-syntax-number: #0550ae;
    --psr-syntax-comment: #6e7781;
    --psr-syntax-function: #8250df;
    --psr-syntax-type: #953800;
    --psr-syntax-builtin: #0550ae;

    display: block;
    margin: 1rem 0;
    border: 1px solid var(--psr-border-color);
    border-radius: var(--psr-radius);
    background: var(--psr-background);
    color: var(--psr-color);
    font-family: var(--psr-font-family);
    overflow: hidden;
  }

  /* The page's dark preference, unless the cell says theme="light". */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkColors}
    }
  }

  :host([theme='dark']) {
    ${darkColors}
  }

  [hidden] {
    display: none !important;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
    padding: 0.375rem 0.5rem;
    background: var(--psr-toolbar-background);
    border-bottom: 1px solid var(--psr-border-color);
  }

  button {
    font: inherit;
    font-size: 0.8125rem;
    line-height: 1.2;
    padding: 0.3rem 0.7rem;
    border-radius: 6px;
    border: 1px solid var(--psr-border-color);
    background: var(--psr-background);
    color: var(--psr-color);
    cursor: pointer;
  }

  button:hover:not(:disabled) {
    border-color: var(--psr-accent);
  }

  button:focus-visible {
    outline: 2px solid var(--psr-accent);
    outline-offset: 1px;
  }

  button:disabled {
    cursor: default;
    opacity: 0.55;
  }

  .run-button {
    background: var(--psr-accent);
    border-color: var(--psr-accent);
    color: var(--psr-accent-contrast);
    font-weight: 600;
  }

  :host([drop-target]) {
    outline: 2px dashed var(--psr-accent);
    outline-offset: 2px;
  }

  .danger {
    background: var(--psr-error-color);
    border-color: var(--psr-error-color);
    color: var(--psr-background);
    font-weight: 600;
  }

  .state-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    font-size: 0.8125rem;
    border-bottom: 1px solid var(--psr-border-color);
    background: var(--psr-background);
  }

  .state-bar > span {
    flex: 1 1 12rem;
  }

  .state-bar.error {
    color: var(--psr-error-color);
  }

  .name-warning {
    margin: 0;
    padding: 0.375rem 0.75rem;
    font-size: 0.8125rem;
    border-bottom: 1px solid var(--psr-border-color);
    color: var(--psr-stderr-color);
  }

  .restored-line,
  .storage-info,
  p.persist-warning {
    margin: 0;
    padding: 0.25rem 0.75rem;
    font-size: 0.75rem;
    border-bottom: 1px solid var(--psr-border-color);
    color: var(--psr-muted-color);
  }

  p.persist-warning {
    color: var(--psr-error-color);
  }

  .restored-line .link {
    border: none;
    background: transparent;
    padding: 0 0.25rem;
    font: inherit;
    color: var(--psr-accent);
    text-decoration: underline;
    cursor: pointer;
  }

  .state-bar.confirm {
    background: var(--psr-toolbar-background);
  }

  .dismiss {
    border: none;
    background: transparent;
    font-size: 1rem;
    line-height: 1;
    padding: 0.125rem 0.375rem;
  }

  .status {
    margin-left: auto;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.8125rem;
    color: var(--psr-muted-color);
    font-variant-numeric: tabular-nums;
  }

  progress {
    width: 5rem;
    height: 0.375rem;
    accent-color: var(--psr-accent);
  }

  .editor {
    border-bottom: 1px solid var(--psr-border-color);
  }

  .editor:focus-within {
    box-shadow: inset 0 0 0 2px var(--psr-accent);
  }

  .output {
    margin: 0;
    padding: 0.5rem 0.75rem;
    max-height: var(--psr-output-max-height);
    overflow: auto;
    background: var(--psr-output-background);
    font-family: var(--psr-code-font-family);
    font-size: var(--psr-code-font-size);
    line-height: 1.45;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .output:empty {
    display: none;
  }

  .output:focus-visible {
    outline: 2px solid var(--psr-accent);
    outline-offset: -2px;
  }

  .stderr {
    color: var(--psr-stderr-color);
  }

  .error {
    color: var(--psr-error-color);
  }

  .result {
    color: var(--psr-result-color);
  }

  .notice {
    color: var(--psr-notice-color);
    font-style: italic;
  }

  .input-field {
    min-width: 12ch;
    width: 50%;
    max-width: 100%;
    font: inherit;
    color: inherit;
    background: var(--psr-editor-background);
    border: 1px solid var(--psr-border-color);
    border-radius: 4px;
    padding: 0 0.25rem;
  }

  .input-field:focus-visible {
    outline: 2px solid var(--psr-accent);
    outline-offset: 1px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
