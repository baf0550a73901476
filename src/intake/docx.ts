/**
 * Text of a Word document's body (word/document.xml): one line per paragraph, table cells of a row joined by
 * a tab so a task-division table reads as "序号\t任务\t牵头单位\t完成时限" rows, <w:tab/> as a tab and
 * <w:br/> as a line break. Only text runs (<w:t>) count; field codes and properties are skipped.
 */
const TOKEN =
  /<(\/?)(w:p|w:t|w:tab|w:br|w:cr|w:tc|w:tr|w:instrText|w:delText)(?=[\s>/])[^>]*?(\/?)>|<[^>]*>|[^<]+/g;

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) {
      return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    }
    if (e.startsWith('#')) {
      return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    }
    return entities[e] ?? m;
  });
}

/** Plain text of a document.xml string. */
export function documentXmlToText(xml: string): string {
  const lines: string[] = [];
  let line = '';
  let inText = false;
  let inRow = false;
  let cellCount = 0;
  for (const m of xml.matchAll(TOKEN)) {
    const tag = m[2];
    if (tag === undefined) {
      if (inText && !m[0].startsWith('<')) {
        line += unescapeXml(m[0]);
      }
      continue;
    }
    const closing = m[1] === '/';
    const selfClosing = m[3] === '/';
    switch (tag) {
      case 'w:t':
        inText = !closing && !selfClosing;
        break;
      case 'w:instrText':
      case 'w:delText':
        inText = false;
        break;
      case 'w:tab':
        line += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        lines.push(line);
        line = '';
        break;
      case 'w:p':
        if (closing || selfClosing) {
          if (inRow) {
            line += ' ';
          } else {
            lines.push(line);
            line = '';
          }
        }
        break;
      case 'w:tc':
        if (!closing && !selfClosing && cellCount++ > 0) {
          line = line.trimEnd() + '\t';
        }
        break;
      case 'w:tr':
        if (!closing && !selfClosing) {
          inRow = true;
          cellCount = 0;
        } else {
          lines.push(line.trimEnd());
          line = '';
          inRow = false;
        }
        break;
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines.join('\n');
}
