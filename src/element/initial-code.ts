/**
 * Removes the indentation common to every non-blank line, and the blank lines
 * around the code, so code can be indented to match the page's HTML.
 */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === undefined || !indent.startsWith(common)) {
      let shared = 0;
      const previous = common ?? indent;
      while (
        shared < previous.length &&
        shared < indent.length &&
        previous[shared] === indent[shared]
      ) {
        shared++;
      }
      common = common === undefined ? indent : previous.slice(0, shared);
    }
  }
  const cut = common?.length ?? 0;
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(cut))).join('\n');
}

/**
 * The cell's code as the author wrote it: a child `<script type="text/python">`,
 * else the element's own text. (`src` is fetched by the element.)
 */
export function inlineCode(host: HTMLElement): string {
  const script = host.querySelector(':scope > script[type="text/python"]');
  if (script) return dedent(script.textContent ?? '');
  return dedent(host.textContent ?? '');
}

/** Fetches the code behind `src`, with an error a person can act on. */
export async function fetchCode(src: string, base: string): Promise<string> {
  const url = new URL(src, base);
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`Could not load the code from ${url.href}: HTTP ${response.status}.`);
  }
  return dedent(await response.text());
}
