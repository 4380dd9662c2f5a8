import { CST, Lexer } from 'yaml';

/**
 * Whether YAML text may nest deeper than `max`, judged from its tokens before it is parsed: the
 * yaml parser recurses per level, so a few thousand `[` or `- ` overflow its stack (or worse).
 * The lexer is iterative. The estimate counts open flow brackets, the indentation levels still
 * open, and the block indicators (`-`, `?`, `:`) on the current line, so it is never below the
 * real depth and at most a few levels above it.
 */
export function yamlMayNestDeeperThan(text: string, max: number): boolean {
  let flow = 0;
  let onLine = 0;
  let lineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'newline') {
      [lineStart, onLine] = [true, 0];
      continue;
    }
    if (lineStart && flow === 0 && type !== 'space') openIndent(indents, 0);
    if (lineStart && flow === 0 && type === 'space') openIndent(indents, token.length);
    lineStart = false;
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind'))
      onLine++;
    if (indents.length + onLine + flow > max) return true;
  }
  return false;
}

/** A line at `indent` closes the deeper levels and opens its own. */
function openIndent(indents: number[], indent: number): void {
  while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
  indents.push(indent);
}
