import { assert } from 'chai';
import { ReactiveElement } from 'lit';
import { LazyEditorController } from '../../src/editor/lazy-editor-controller.js';
import { loadEditorChunk } from '../../src/editor/load-editor-chunk.js';
import { frames, until } from '../helpers.js';

/** The least a lazy editor needs of its cell. */
class GateHost extends ReactiveElement {
  readonly name = 'gate';
  readonly readonly = false;
}
customElements.define('editor-gate-host', GateHost);

suite('the editor chunk waits for what must show first', () => {
  teardown(() => {
    for (const host of document.querySelectorAll('editor-gate-host')) host.remove();
  });

  test('no editor is made before chunkAfter resolves (a stored cell’s code shows first), one is after', async () => {
    // Already loaded: without the gate the editor would come within a frame.
    await loadEditorChunk();
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const host = document.createElement('editor-gate-host') as GateHost;
    const container = document.createElement('div');
    const editor = new LazyEditorController(host, {
      container: () => container,
      onRun: () => {},
      onLoadError: (error) => assert.fail(error.message),
      chunkAfter: () => gate,
    });
    document.body.append(host);
    await host.updateComplete;
    host.shadowRoot!.append(container);
    editor.text = 'print("stored")';
    editor.want();
    await frames(5);
    assert.isFalse(editor.hasEditor, 'the chunk is not taken before the gate opens');
    open();
    await until(() => editor.hasEditor, 'the editor');
    host.requestUpdate();
    await host.updateComplete;
    assert.include(container.textContent, 'print("stored")');
  });
});
