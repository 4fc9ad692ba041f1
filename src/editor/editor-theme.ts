import { syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { syntaxHighlighter } from './syntax-highlighter.js';

/** Colours come from the element's `--psr-` custom properties, so a page can restyle the editor. */
export function editorTheme(): Extension {
  return EditorView.theme({
    '&': {
      color: 'var(--psr-editor-color)',
      backgroundColor: 'var(--psr-editor-background)',
      fontSize: 'var(--psr-code-font-size)',
    },
    '&.cm-focused': { outline: 'none' },
    '.cm-scroller': {
      fontFamily: 'var(--psr-code-font-family)',
      lineHeight: '1.5',
      maxHeight: 'var(--psr-editor-max-height)',
    },
    '.cm-content': { caretColor: 'var(--psr-accent)' },
    '.cm-gutters': {
      backgroundColor: 'var(--psr-gutter-background)',
      color: 'var(--psr-muted-color)',
      borderRight: '1px solid var(--psr-border-color)',
    },
    // The active line is marked only where the reader is typing, not in every cell.
    '&.cm-focused .cm-activeLine': { backgroundColor: 'var(--psr-active-line-background)' },
    '&.cm-focused .cm-activeLineGutter': { backgroundColor: 'var(--psr-active-line-background)' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'transparent' },
    '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--psr-accent)' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
      backgroundColor: 'var(--psr-selection-background)',
    },
  });
}

/**
 * Syntax colours: token classes styled by the element's `code-styles.ts` through `--psr-syntax-`
 * custom properties, so light and dark schemes both read well.
 */
export function syntaxColors(): Extension {
  return syntaxHighlighting(syntaxHighlighter);
}
