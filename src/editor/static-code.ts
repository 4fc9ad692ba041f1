import { pythonLanguage } from '@codemirror/lang-python';
import { highlightCode } from '@lezer/highlight';
import { syntaxHighlighter } from './syntax-highlighter.js';

/**
 * The code as static highlighted text: the same token classes the editor gives it, so a cell
 * whose editor is not created yet already reads like one. Parsing ten lines takes well under a
 * millisecond, against several for an EditorView.
 */
export function highlightPython(code: string): HTMLElement {
  const target = document.createElement('code');
  let line = '';
  const flushLine = () => {
    if (line) target.append(line);
    line = '';
  };
  highlightCode(
    code,
    pythonLanguage.parser.parse(code),
    syntaxHighlighter,
    (text, classes) => {
      if (!classes) {
        line += text;
        return;
      }
      flushLine();
      const token = document.createElement('span');
      token.className = classes;
      token.textContent = text;
      target.append(token);
    },
    () => {
      line += '\n';
    },
  );
  flushLine();
  return target;
}
