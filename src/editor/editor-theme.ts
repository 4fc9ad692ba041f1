import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

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

/** Syntax colours as custom properties, so light and dark schemes both read well. */
export function syntaxColors(): Extension {
  return syntaxHighlighting(
    HighlightStyle.define([
      {
        tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword],
        color: 'var(--psr-syntax-keyword)',
      },
      { tag: [tags.string, tags.special(tags.string)], color: 'var(--psr-syntax-string)' },
      { tag: [tags.number, tags.bool, tags.null], color: 'var(--psr-syntax-number)' },
      { tag: tags.comment, color: 'var(--psr-syntax-comment)', fontStyle: 'italic' },
      {
        tag: [
          tags.function(tags.variableName),
          tags.function(tags.propertyName),
          tags.definition(tags.variableName),
        ],
        color: 'var(--psr-syntax-function)',
      },
      { tag: [tags.className, tags.typeName], color: 'var(--psr-syntax-type)' },
      {
        tag: [tags.self, tags.atom, tags.standard(tags.variableName)],
        color: 'var(--psr-syntax-builtin)',
      },
      { tag: tags.invalid, color: 'var(--psr-error-color)' },
    ]),
  );
}
