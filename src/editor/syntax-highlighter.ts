import { tagHighlighter, tags } from '@lezer/highlight';

/**
 * Python tokens as class names, one highlighter for the editor and for the static code shown
 * before it: both then look the same, and their colours come from one stylesheet in the
 * element (`code-styles.ts`), not from styles CodeMirror mounts per shadow root.
 */
export const syntaxHighlighter = tagHighlighter([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword], class: 'tok-keyword' },
  { tag: [tags.string, tags.special(tags.string)], class: 'tok-string' },
  { tag: [tags.number, tags.bool, tags.null], class: 'tok-number' },
  { tag: tags.comment, class: 'tok-comment' },
  {
    tag: [
      tags.function(tags.variableName),
      tags.function(tags.propertyName),
      tags.definition(tags.variableName),
    ],
    class: 'tok-function',
  },
  { tag: [tags.className, tags.typeName], class: 'tok-type' },
  { tag: [tags.self, tags.atom, tags.standard(tags.variableName)], class: 'tok-builtin' },
  { tag: tags.invalid, class: 'tok-invalid' },
]);
