// The comparison element: a plain Lit element holding a CodeMirror 6 editor with `basicSetup`
// and Python. `basicSetup` is copied from codemirror 6.0.2 (the meta package is not a
// dependency here), without `lintKeymap`, whose package we do not install.

import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { css, html, LitElement } from 'lit';

const basicSetup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  foldGutter(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  bracketMatching(),
  closeBrackets(),
  autocompletion(),
  rectangularSelection(),
  crosshairCursor(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([
    ...closeBracketsKeymap,
    ...defaultKeymap,
    ...searchKeymap,
    ...historyKeymap,
    ...foldKeymap,
    ...completionKeymap,
  ]),
];

class PlainCell extends LitElement {
  static styles = css`
    :host {
      display: block;
      margin: 1rem 0;
      border: 1px solid #d0d7de;
    }
  `;

  firstUpdated() {
    new EditorView({
      parent: this.renderRoot.querySelector('.editor'),
      root: this.renderRoot,
      doc: this.textContent,
      extensions: [basicSetup, python()],
    });
  }

  render() {
    return html`<div class="editor"></div>`;
  }
}

customElements.define('plain-cell', PlainCell);
