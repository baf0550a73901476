import type { IntakeResult } from './types.js';

/** A readable zh-CN summary of an intake result, for the command line. */
export function formatSummary(r: IntakeResult): string {
  const m = r.meeting;
  const lines: string[] = [];
  const v = (s: string | null) => s ?? '(未识别)';
  lines.push(`会议名称:${v(m.title)}`);
  lines.push(`会议日期:${v(m.date)}${m.dateInferred ? '(推断)' : ''}`);
  lines.push(`会议地点:${v(m.place)}`);
  lines.push(`会议形式:${v(m.format)}`);
  lines.push(`主持人:${v(m.chair)}`);
  if (m.speakers.length > 0) {
    lines.push('讲话/发言:');
    for (const s of m.speakers) {
      lines.push(`  ${s.name}(${s.titles.join('、') || '职务未注明'})— ${s.roles.join('、')}`);
    }
  }
  if (m.attendees.length > 0) {
    lines.push(
      `出席:${m.attendees.map((a) => (a.titles.length ? `${a.titles.join('、')}${a.name}` : a.name)).join(';')}`,
    );
  }
  if (m.organisations.length > 0) {
    lines.push(`涉及单位:${m.organisations.join('、')}`);
  }
  if (m.keyNumbers.length > 0) {
    lines.push(`关键数字:${m.keyNumbers.map((k) => k.text).join('、')}`);
  }
  lines.push(`工作要求(${r.directives.length} 条):`);
  r.directives.forEach((d, i) => {
    const extra = [
      d.deadline ? `时限 ${d.deadline}` : '',
      d.suggestedUnit ? `建议牵头 ${d.suggestedUnit}` : '',
    ]
      .filter(Boolean)
      .join(',');
    lines.push(`  ${i + 1}. [${d.speaker ?? '会议'}] ${d.text}${extra ? `(${extra})` : ''}`);
  });
  if (r.warnings.length > 0) {
    lines.push('提示:');
    for (const w of r.warnings) {
      lines.push(`  - ${w.message}`);
    }
  }
  return lines.join('\n');
}
