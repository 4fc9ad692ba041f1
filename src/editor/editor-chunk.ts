// Everything of CodeMirror, in the one chunk the element imports when the page has painted:
// the editor and the static highlighter both need the Python parser.
export { type CellEditor, type CellEditorOptions, createCellEditor } from './editor-setup.js';
export { highlightPython } from './static-code.js';
