import { assert } from 'chai';

// Counted from before any module of the element loads: the tests import them dynamically.
let formattersMade = 0;
const NumberFormat = Intl.NumberFormat;
Intl.NumberFormat = new Proxy(NumberFormat, {
  construct(target, args, newTarget) {
    formattersMade += 1;
    return Reflect.construct(target, args, newTarget);
  },
  apply(target, self, args) {
    formattersMade += 1;
    return Reflect.apply(target, self, args);
  },
});

suite('what a cell costs as the page loads', () => {
  suiteTeardown(async () => {
    Intl.NumberFormat = NumberFormat;
    const { removeCells } = await import('../helpers.js');
    removeCells();
  });

  test('loading the element and showing a cell makes no Intl.NumberFormat (a page’s first sets up ICU, ~20 ms)', async () => {
    const before = formattersMade;
    const { addCell } = await import('../helpers.js');
    const cell = await addCell('print(1)');
    assert.isNotNull(cell.shadowRoot?.querySelector('.output'), 'the cell rendered');
    assert.equal(formattersMade - before, 0);
  });

  test('counts are formatted with separators by one formatter, made on first need', async () => {
    const { formatCount } = await import('../../src/element/format.js');
    const before = formattersMade;
    assert.equal(formatCount(12345), '12,345');
    assert.equal(formatCount(7), '7');
    assert.equal(formatCount(1234567), '1,234,567');
    assert.isAtMost(formattersMade - before, 1);
  });
});
