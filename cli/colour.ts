/**
 * Colour for a terminal, applied at the output edge to text that is already escaped
 * (`terminalSafe`): the compiler's renderers stay plain text (goldens, `--json`, files), and
 * only the shapes of lines graphc itself prints are recognised and painted. User text cannot
 * smuggle colour in: its escape characters were made visible before painting.
 *
 * Diagnostics: `error` red, `warning` yellow, the code dim, the caret line red, `hint:` cyan,
 * `note:` and block traces dim, the closing count bold. Summaries: the model line and the
 * column header bold, rules dim, the totals bold. `validate`: `ok` green. Uses picocolors.
 */
import picocolors from 'picocolors';

// Always-on colours: whether to paint at all is decided per stream by the caller (`edgeIo`),
// not by picocolors' process-wide guess.
const pc = picocolors.createColors(true);

const HEADLINE = /^(.*?)\b(error|warning) (GC\d{4}):(.*)$/;
const CARET = /^(\s*\|\s*)([ \t]*)(\^+)$/;
const GUTTER = /^(\d+ \| )(.*)$/;

/** Paints one line; lines it does not recognise come back unchanged. */
function paintLine(line: string): string {
  const head = HEADLINE.exec(line);
  if (head) {
    const [, where, severity, code, message] = head;
    const sev = severity === 'error' ? pc.bold(pc.red(severity)) : pc.bold(pc.yellow(severity));
    return `${where ? pc.bold(where) : ''}${sev} ${pc.dim(code!)}:${pc.bold(message!)}`;
  }
  const caret = CARET.exec(line);
  if (caret) return `${pc.dim(caret[1]!)}${caret[2]}${pc.red(caret[3]!)}`;
  const gutter = GUTTER.exec(line);
  if (gutter) return `${pc.dim(gutter[1]!)}${gutter[2]}`;
  if (line.startsWith('  hint: ')) return `  ${pc.cyan('hint:')}${line.slice(7)}`;
  if (line.startsWith('  note: ') || line.startsWith('  in block ') || /^ {2}\.\.\. \d+ more block calls/.test(line)) return pc.dim(line);
  if (/^\d+ errors?, \d+ warnings?$/.test(line)) return pc.bold(line);
  // Summary (`graphc summary`) and run report.
  if (/^Model: "/.test(line) || line.startsWith(' Layer (type) ')) return pc.bold(line);
  if (/^([_=])\1{20,}$/.test(line)) return pc.dim(line);
  if (/^(Total|Trainable|Non-trainable) params: |^MACs: /.test(line)) return pc.bold(line);
  const ok = /^(.*): ok( \(.*\))$/.exec(line);
  if (ok) return `${ok[1]}: ${pc.green('ok')}${ok[2]}`;
  return line;
}

/** Paints every line of a chunk of output. */
export function paintLines(text: string): string {
  return text.split('\n').map(paintLine).join('\n');
}
