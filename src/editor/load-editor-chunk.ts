/** What the editor chunk exports. */
export type EditorChunk = typeof import('./editor-chunk.js');

let chunk: Promise<EditorChunk> | undefined;

/**
 * Imports the editor chunk once for every cell on the page. CodeMirror is most of the bundle:
 * loaded apart, it holds up neither the cell's first paint nor a run.
 */
export function loadEditorChunk(): Promise<EditorChunk> {
  if (!chunk) {
    chunk = import('./editor-chunk.js');
    // A failed import is not kept, so a later cell can try again.
    chunk.catch(() => {
      chunk = undefined;
    });
  }
  return chunk;
}
