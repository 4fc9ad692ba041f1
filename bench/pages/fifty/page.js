// Shared by the two pages of the fifty-cells section: the same 50 cells of Python, the same
// test of "usable", the same node count, so the two pages differ only in the element.

export const cellCount = 50;

/** Ten lines of ordinary Python, different in each cell. */
export function cellCode(index) {
  return [
    `# Cell ${index}: a small ledger`,
    'import sqlite3, json',
    '',
    `def total(rows, rate=${index}.5):`,
    '    """Sum the amounts, with a rate."""',
    '    return sum(amount * rate for _, amount in rows)',
    '',
    `rows = [("a", ${index}), ("b", ${index * 2}), ("c", 3.25)]`,
    "print(f'total: {total(rows):.2f}', json.dumps({'n': len(rows)}))",
    `total(rows) > ${index * 10}`,
  ].join('\n');
}

/** Writes 50 `<tag>` elements holding their code as text, before the tag is defined. */
export function addCells(tag) {
  const escapeHTML = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  let markup = '';
  for (let index = 1; index <= cellCount; index++) {
    markup += `<${tag} name="fifty-${index}">${escapeHTML(cellCode(index))}</${tag}>\n`;
  }
  document.querySelector('main').innerHTML = markup;
  return [...document.querySelectorAll(tag)];
}

/** Every node under `node`, shadow roots included. */
export function countNodes(node) {
  let count = 1;
  const children = [...(node.shadowRoot?.childNodes ?? []), ...node.childNodes];
  for (const child of children) count += countNodes(child);
  return count;
}

function isOnScreen(element) {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < innerHeight;
}

/**
 * Usable: every cell shows its code, highlighted (some token span inside), and every cell on
 * screen holds a CodeMirror editor.
 */
function isUsable(cells) {
  return cells.every((cell, index) => {
    const root = cell.shadowRoot;
    if (!root) return false;
    const firstLine = `# Cell ${index + 1}: a small ledger`;
    if (!root.textContent.includes(firstLine)) return false;
    const code = root.querySelector('.cm-content') ?? root.querySelector('.code-placeholder');
    if (!code?.querySelector('span')) return false;
    return !isOnScreen(cell) || root.querySelector('.cm-editor') !== null;
  });
}

/** Waits until usable, checking each frame, then publishes the time for the bench. */
export async function measure(tag, load) {
  try {
    const cells = addCells(tag);
    await load();
    while (!isUsable(cells)) await new Promise((resolve) => requestAnimationFrame(resolve));
    const usableMs = performance.now();
    const nodes = cells.reduce((sum, cell) => sum + countNodes(cell), 0);
    const editors = cells.filter((cell) => cell.shadowRoot.querySelector('.cm-editor')).length;
    window.__benchResult = { usableMs, nodesPerCell: nodes / cells.length, editors };
  } catch (error) {
    window.__benchResult = { error: String(error?.stack ?? error) };
  }
}
