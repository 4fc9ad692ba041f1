import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension, Prec } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { editorTheme, syntaxColors } from './editor-theme.js';

/**
 * Our copy of `basicSetup`, trimmed for a notebook cell: no autocompletion
 * popups or rectangular selection, and Tab indents (Escape then Tab still
 * leaves the editor, CodeMirror's tab-focus mode).
 */
function cellSetup(): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    drawSelection(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxColors(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      indentWithTab,
    ]),
  ];
}

/**
 * Shift-Enter, Mod-Enter and Cmd-Enter run the cell; above basicSetup's own
 * Mod-Enter. Mod is Ctrl off macOS, where readers of notebooks still reach
 * for Cmd (Meta) out of habit, so Meta-Enter is bound everywhere.
 */
function runKeymap(run: () => void): Extension {
  const handler = () => {
    run();
    return true;
  };
  return Prec.highest(
    keymap.of([
      { key: 'Shift-Enter', run: handler },
      { key: 'Mod-Enter', run: handler },
      { key: 'Meta-Enter', run: handler },
    ]),
  );
}

export interface CellEditor {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
  /** Replaces the whole text, as one undoable change. */
  setText(text: string): void;
}

export interface CellEditorOptions {
  parent?: HTMLElement;
  root: ShadowRoot;
  doc: string;
  readOnly: boolean;
  label: string;
  onRun(): void;
  /** The text changed, by the reader or by `setText`. */
  onChange?(): void;
}

// Extensions are plain values: one set serves every cell on the page, so a page of 50 cells
// builds the setup, the Python language and the theme once, not 50 times.
let shared: Extension | undefined;
function sharedExtensions(): Extension {
  shared ??= [cellSetup(), python(), editorTheme()];
  return shared;
}

const readOnly = new Compartment();
const readOnlyExtensions = (value: boolean) => [
  EditorState.readOnly.of(value),
  EditorView.editable.of(!value),
];

/**
 * Creates the cell's CodeMirror editor for the element's shadow root. Without `parent`, the
 * caller puts `view.dom` in place, e.g. once the static code it replaces is gone.
 */
export function createCellEditor(options: CellEditorOptions): CellEditor {
  const view = new EditorView({
    ...(options.parent ? { parent: options.parent } : {}),
    // Selection and measuring need the shadow root, not the document.
    root: options.root,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        sharedExtensions(),
        runKeymap(options.onRun),
        readOnly.of(readOnlyExtensions(options.readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange?.();
        }),
      ],
    }),
  });
  return {
    view,
    setReadOnly(value) {
      view.dispatch({ effects: readOnly.reconfigure(readOnlyExtensions(value)) });
    },
    setText(text) {
      if (view.state.doc.toString() === text) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
  };
}
