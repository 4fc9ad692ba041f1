import { assert } from 'chai';
import { ReactiveElement } from 'lit';
import { OutputController } from '../../src/element/output-controller.js';
import { frames, until } from '../helpers.js';

/** The least an output controller needs of its cell. */
class FollowHost extends ReactiveElement {}
customElements.define('output-follow-host', FollowHost);

const lines = (prefix: string) =>
  `${Array.from({ length: 100 }, (_, i) => `${prefix} ${i}`).join('\n')}\n`;

suite('the output pane follows new output', () => {
  teardown(() => {
    for (const node of document.querySelectorAll('output-follow-host, pre')) node.remove();
  });

  test('a reader who scrolls up in the frame output was written keeps their place', async () => {
    const host = new FollowHost();
    const output = new OutputController(host);
    const pane = document.createElement('pre');
    pane.style.cssText = 'height: 100px; overflow: auto; margin: 0';
    // Beside the host, not in it: the host's shadow root would leave it unrendered.
    document.body.append(host, pane);
    output.attach(pane);
    const atEnd = () => pane.scrollHeight - pane.scrollTop - pane.clientHeight < 2;
    output.append('stdout', lines('line'));
    await until(() => pane.scrollTop > 0 && atEnd(), 'the pane to follow the first lines');
    await frames(2);

    output.append('stdout', lines('more'));
    // Called after the controller's frame callback, in the same frame: the lines are written
    // and the pane will follow them next frame, when the reader has already scrolled up.
    await new Promise<void>((resolve) =>
      requestAnimationFrame(() => {
        assert.include(pane.textContent, 'more 99', 'written in this frame');
        pane.scrollTop = 0;
        resolve();
      }),
    );
    await frames(3);
    assert.equal(pane.scrollTop, 0, 'the pane stays where the reader is');

    output.append('stdout', 'and more\n');
    await frames(3);
    assert.equal(pane.scrollTop, 0, 'later output does not pull the reader back either');
  });
});
