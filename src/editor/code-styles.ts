import { css } from 'lit';

/**
 * Token colours for the editor and the static code (see `syntax-highlighter.ts`), and the static
 * code's layout. The static code copies CodeMirror's metrics (our theme over its base theme):
 * line height 1.5, content padding 4px 2px 4px 6px, line numbers padded 0 3px 0 5px with a
 * 20px minimum, a fold column of fixed width and a 1px gutter border, so the cell keeps its
 * height and its text stays in place when the editor arrives. These rules live in the element's
 * stylesheet, not in the editor chunk, so that chunk shares no module with the main bundle.
 */
export const codeStyles = css`
  .tok-keyword {
    color: var(--psr-syntax-keyword);
  }
  .tok-string {
    color: var(--psr-syntax-string);
  }
  .tok-number {
    color: var(--psr-syntax-number);
  }
  .tok-comment {
    color: var(--psr-syntax-comment);
    font-style: italic;
  }
  .tok-function {
    color: var(--psr-syntax-function);
  }
  .tok-type {
    color: var(--psr-syntax-type);
  }
  .tok-builtin {
    color: var(--psr-syntax-builtin);
  }
  .tok-invalid {
    color: var(--psr-error-color);
  }

  .code-placeholder {
    display: flex;
    align-items: flex-start;
    max-height: var(--psr-editor-max-height);
    overflow: auto;
    font-family: var(--psr-code-font-family);
    font-size: var(--psr-code-font-size);
    line-height: 1.5;
    color: var(--psr-editor-color);
    background: var(--psr-editor-background);
    cursor: text;
  }

  .code-placeholder:focus {
    outline: none;
  }

  .placeholder-gutters {
    display: flex;
    flex-shrink: 0;
    align-self: stretch;
    background: var(--psr-gutter-background);
    color: var(--psr-muted-color);
    border-right: 1px solid var(--psr-border-color);
  }

  .placeholder-line-numbers {
    box-sizing: border-box;
    min-width: 20px;
    padding: 4px 3px 4px 5px;
    text-align: right;
    white-space: pre;
  }

  /* The fold marker's own width depends on its glyph (often from a fallback font): fixed here
     for the editor's fold gutter and the static code's fold column alike. */
  .cm-foldGutter,
  .placeholder-fold {
    width: 1em;
  }

  .cm-foldGutter .cm-gutterElement {
    text-align: center;
  }

  .placeholder-code {
    flex-grow: 2;
    flex-shrink: 0;
    margin: 0;
    padding: 4px 2px 4px 6px;
    font: inherit;
    white-space: pre;
    tab-size: 4;
  }
`;
