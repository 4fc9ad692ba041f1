import { emulateMedia } from '@web/test-runner-commands';
import { assert } from 'chai';
import { renderDisplayItem } from '../../src/element/rich-output/render-display-item.js';
import {
  PythonRuntimeError,
  type RuntimeErrorReason,
  StateFileError,
  type StateFileErrorReason,
} from '../../src/index.js';
import { addCell, removeCells } from '../helpers.js';

const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(13, 17, 23)';

suite('the public API beyond the element', () => {
  teardown(async () => {
    removeCells();
    await emulateMedia({ colorScheme: 'light' });
  });

  const themes: [pageScheme: 'light' | 'dark', theme: string | null, background: string][] = [
    ['light', null, LIGHT],
    ['dark', null, DARK],
    ['light', 'dark', DARK],
    ['dark', 'light', LIGHT],
  ];
  for (const [pageScheme, theme, background] of themes) {
    test(`theme=${theme ?? '(none)'} on a page that prefers ${pageScheme} gives the ${background === DARK ? 'dark' : 'light'} colours`, async () => {
      await emulateMedia({ colorScheme: pageScheme });
      const cell = await addCell('print(1)', theme ? { theme } : {});
      assert.equal(getComputedStyle(cell).backgroundColor, background);
      assert.equal(cell.theme, theme ?? undefined);
    });
  }

  test('a table in the output of a theme="light" cell on a dark page has the light stripes', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const stripe = async (theme: string) => {
      const cell = await addCell('print(1)', { theme });
      const item = await renderDisplayItem({
        mime: 'text/html',
        data: '<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>',
      });
      // Where the cell puts rich output: in its output pane, inside its shadow root.
      cell.shadowRoot!.querySelector('[part~=output]')!.append(item);
      return getComputedStyle(item.shadowRoot!.querySelector('tbody tr')!).backgroundColor;
    };
    assert.equal(await stripe('light'), 'rgba(175, 184, 193, 0.2)');
    assert.equal(await stripe('dark'), 'rgba(101, 108, 118, 0.2)');
  });

  test('setting the theme property reflects it and changes the colours', async () => {
    const cell = await addCell('print(1)');
    cell.theme = 'dark';
    await cell.updateComplete;
    assert.equal(cell.getAttribute('theme'), 'dark');
    assert.equal(getComputedStyle(cell).backgroundColor, DARK);
  });

  test('events are typed for addEventListener on the cell and on the document', async () => {
    const cell = await addCell('print(1)');
    const seen: string[] = [];
    // These listeners compile only while the event maps are augmented: tsc
    // rejects `event.detail.env` on a plain Event.
    cell.addEventListener('state-cleared', (event) => seen.push(`cell:${event.detail.env}`));
    const onDocument = (event: CustomEvent<{ env: string }>) =>
      seen.push(`document:${event.detail.env}`);
    document.addEventListener('state-cleared', onDocument);
    try {
      cell.dispatchEvent(
        new CustomEvent('state-cleared', { detail: { env: 'x' }, bubbles: true, composed: true }),
      );
    } finally {
      document.removeEventListener('state-cleared', onDocument);
    }
    assert.deepEqual(seen, ['cell:x', 'document:x']);
  });

  test('StateFileError and PythonRuntimeError are exported with their reasons', () => {
    const stateReason: StateFileErrorReason = 'checksum';
    const runtimeReason: RuntimeErrorReason = 'load';
    const stateError = new StateFileError(stateReason, 'a.db: sha256 does not match its data');
    const runtimeError = new PythonRuntimeError(runtimeReason, 'pyodide.mjs did not load');
    assert.instanceOf(stateError, Error);
    assert.equal(stateError.name, 'StateFileError');
    assert.equal(stateError.reason, 'checksum');
    assert.instanceOf(runtimeError, Error);
    assert.equal(runtimeError.name, 'PythonRuntimeError');
    assert.equal(runtimeError.reason, 'load');
  });
});
