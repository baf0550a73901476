import { addDays, daysBetween, type DateText } from './dates.js';
import type { ItemState } from './workflow.js';

/**
 * Health of an item, computed from facts and never typed in:
 * green 正常, yellow 预警, red 逾期/滞后; finished items are completed on time or late; items that are
 * not running (draft, suspended, cancelled) have none.
 */
export const healthValues = ['green', 'yellow', 'red', 'done_on_time', 'done_late', 'none'] as const;
export type Health = (typeof healthValues)[number];

export interface HealthItem {
  state: ItemState;
  startDate: DateText | null;
  /** Null for ongoing work (长期坚持). */
  deadline: DateText | null;
  progress: number;
  completedOn: DateText | null;
  completionRequestedOn: DateText | null;
}

export interface HealthMilestone {
  seq: number;
  title: string;
  due: DateText;
  doneOn: DateText | null;
}

export interface HealthSlot {
  period: string;
  due: DateText;
  /** pending, draft, submitted, approved, returned */
  state: string;
}

export interface HealthPolicy {
  /** Days before a deadline or milestone at which it warns (预警期). */
  warningDays: number;
  /** Percentage points reported progress may lag the expected trajectory before it warns. */
  tolerancePct: number;
}

/** One reason, as a code with the facts behind it, so any language can word it. */
export type HealthReason =
  | { code: 'deadline_passed'; level: 'red'; deadline: DateText; days: number }
  | { code: 'milestone_missed'; level: 'red'; seq: number; title: string; due: DateText }
  | { code: 'report_missed'; level: 'red'; period: string; due: DateText }
  | { code: 'deadline_near'; level: 'yellow'; deadline: DateText; days: number }
  | { code: 'milestone_near'; level: 'yellow'; seq: number; title: string; due: DateText; days: number }
  | { code: 'behind_trajectory'; level: 'yellow'; progress: number; expected: number }
  | { code: 'report_due_soon'; level: 'yellow'; period: string; due: DateText }
  | { code: 'completed_late'; level: 'done'; deadline: DateText; completedOn: DateText }
  | { code: 'completed_on_time'; level: 'done'; completedOn: DateText }
  | { code: 'not_running'; level: 'none'; state: ItemState };

export interface HealthResult {
  health: Health;
  reasons: HealthReason[];
}

/** A report slot due within this many days and still empty warns. */
export const REPORT_DUE_SOON_DAYS = 3;

const filed = new Set(['submitted', 'approved']);

/**
 * Computes health from the item, its milestones, its report slots and today's date. Deterministic:
 * the same facts give the same result. Yellow and red always come with at least one reason.
 */
export function computeHealth(
  item: HealthItem,
  milestones: readonly HealthMilestone[],
  slots: readonly HealthSlot[],
  policy: HealthPolicy,
  today: DateText,
): HealthResult {
  if (item.state === 'completed') {
    const on = item.completedOn ?? today;
    if (item.deadline && on > item.deadline) {
      return {
        health: 'done_late',
        reasons: [{ code: 'completed_late', level: 'done', deadline: item.deadline, completedOn: on }],
      };
    }
    return {
      health: 'done_on_time',
      reasons: [{ code: 'completed_on_time', level: 'done', completedOn: on }],
    };
  }
  if (item.state === 'draft' || item.state === 'suspended' || item.state === 'cancelled') {
    return { health: 'none', reasons: [{ code: 'not_running', level: 'none', state: item.state }] };
  }
  const reasons: HealthReason[] = [];
  // Once the unit has asked for closure in time, waiting for the review is not the unit's delay.
  const handedIn = item.state === 'completion_requested';
  const handedInOnTime =
    handedIn &&
    (!item.deadline || (item.completionRequestedOn !== null && item.completionRequestedOn <= item.deadline));

  if (item.deadline && !handedInOnTime) {
    const left = daysBetween(today, item.deadline);
    if (left < 0) {
      reasons.push({ code: 'deadline_passed', level: 'red', deadline: item.deadline, days: -left });
    } else if (left <= policy.warningDays && !handedIn) {
      reasons.push({ code: 'deadline_near', level: 'yellow', deadline: item.deadline, days: left });
    }
  }
  if (!handedIn) {
    for (const m of [...milestones].sort((a, b) => a.seq - b.seq)) {
      if (m.doneOn) {
        continue;
      }
      const left = daysBetween(today, m.due);
      if (left < 0) {
        reasons.push({ code: 'milestone_missed', level: 'red', seq: m.seq, title: m.title, due: m.due });
      } else if (left <= policy.warningDays) {
        reasons.push({
          code: 'milestone_near',
          level: 'yellow',
          seq: m.seq,
          title: m.title,
          due: m.due,
          days: left,
        });
      }
    }
    for (const s of [...slots].sort((a, b) => (a.due < b.due ? -1 : 1))) {
      if (filed.has(s.state)) {
        continue;
      }
      if (s.due < today) {
        reasons.push({ code: 'report_missed', level: 'red', period: s.period, due: s.due });
      } else if (s.due <= addDays(today, REPORT_DUE_SOON_DAYS)) {
        reasons.push({ code: 'report_due_soon', level: 'yellow', period: s.period, due: s.due });
      }
    }
    const expected = expectedProgress(item, milestones, today);
    if (expected !== null && item.progress < expected - policy.tolerancePct) {
      reasons.push({ code: 'behind_trajectory', level: 'yellow', progress: item.progress, expected });
    }
  }
  const health: Health = reasons.some((r) => r.level === 'red')
    ? 'red'
    : reasons.some((r) => r.level === 'yellow')
      ? 'yellow'
      : 'green';
  // Red reasons first: a reader sees the worst fact first.
  reasons.sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  return { health, reasons };
}

/** State names as the reasons say them: simplified, traditional, English. */
const stateNames: Record<ItemState, [string, string, string]> = {
  draft: ['草稿', '草稿', 'draft'],
  assigned: ['待签收', '待簽收', 'to sign for'],
  accepted: ['已签收', '已簽收', 'signed for'],
  in_progress: ['办理中', '辦理中', 'in progress'],
  completion_requested: ['申请办结', '申請辦結', 'completion requested'],
  completed: ['已办结', '已辦結', 'completed'],
  returned: ['已退回', '已退回', 'returned'],
  extension_requested: ['申请延期', '申請延期', 'extension requested'],
  suspended: ['已暂停', '已暫停', 'suspended'],
  cancelled: ['已撤销', '已撤銷', 'cancelled'],
};

/**
 * The progress one would expect today: the share of milestones due by now when the item has
 * milestones (the milestone plan), otherwise a straight line from start to deadline. Null when there
 * is no trajectory to compare with (ongoing work without milestones, or no start date).
 */
export function expectedProgress(
  item: HealthItem,
  milestones: readonly HealthMilestone[],
  today: DateText,
): number | null {
  if (milestones.length > 0) {
    const due = milestones.filter((m) => m.due <= today).length;
    return Math.round((100 * due) / milestones.length);
  }
  if (!item.deadline || !item.startDate) {
    return null;
  }
  const span = daysBetween(item.startDate, item.deadline);
  if (span <= 0) {
    return today >= item.deadline ? 100 : 0;
  }
  const done = Math.min(Math.max(daysBetween(item.startDate, today), 0), span);
  return Math.round((100 * done) / span);
}

type Lang = 'zh-CN' | 'zh-TW' | 'en';

/** A reason in words, e.g. "节点3（完成招标）应于 2025-06-30 完成，未完成". */
export function describeReason(r: HealthReason, lang: Lang = 'zh-CN'): string {
  const t = (zh: string, tw: string, en: string) => (lang === 'en' ? en : lang === 'zh-TW' ? tw : zh);
  switch (r.code) {
    case 'deadline_passed':
      return t(
        `已超过完成时限 ${r.deadline}（逾期 ${r.days} 天）`,
        `已超過完成時限 ${r.deadline}（逾期 ${r.days} 天）`,
        `deadline ${r.deadline} passed ${r.days} days ago`,
      );
    case 'milestone_missed':
      return t(
        `节点${r.seq}（${r.title}）应于 ${r.due} 完成，未完成`,
        `節點${r.seq}（${r.title}）應於 ${r.due} 完成，未完成`,
        `milestone ${r.seq} (${r.title}) due ${r.due} not met`,
      );
    case 'report_missed':
      return t(
        `${r.period} 进展未按时报送（应于 ${r.due} 前）`,
        `${r.period} 進展未按時報送（應於 ${r.due} 前）`,
        `report for ${r.period} due ${r.due} missed`,
      );
    case 'deadline_near':
      return t(
        `距完成时限 ${r.deadline} 还有 ${r.days} 天`,
        `距完成時限 ${r.deadline} 還有 ${r.days} 天`,
        `deadline ${r.deadline} in ${r.days} days`,
      );
    case 'milestone_near':
      return t(
        `节点${r.seq}（${r.title}）将于 ${r.due} 到期（还有 ${r.days} 天）`,
        `節點${r.seq}（${r.title}）將於 ${r.due} 到期（還有 ${r.days} 天）`,
        `milestone ${r.seq} (${r.title}) due ${r.due}, in ${r.days} days`,
      );
    case 'behind_trajectory':
      return t(
        `进度 ${r.progress}% 落后于预期 ${r.expected}%`,
        `進度 ${r.progress}% 落後於預期 ${r.expected}%`,
        `progress ${r.progress}% behind the expected ${r.expected}%`,
      );
    case 'report_due_soon':
      return t(
        `${r.period} 进展应于 ${r.due} 前报送，尚未报送`,
        `${r.period} 進展應於 ${r.due} 前報送，尚未報送`,
        `report for ${r.period} due ${r.due} not yet filed`,
      );
    case 'completed_late':
      return t(
        `${r.completedOn} 办结，晚于时限 ${r.deadline}`,
        `${r.completedOn} 辦結，晚於時限 ${r.deadline}`,
        `completed ${r.completedOn}, after the deadline ${r.deadline}`,
      );
    case 'completed_on_time':
      return t(
        `${r.completedOn} 按时办结`,
        `${r.completedOn} 按時辦結`,
        `completed on time on ${r.completedOn}`,
      );
    case 'not_running': {
      const [cn, tw, en] = stateNames[r.state];
      return t(`未在办理（${cn}）`, `未在辦理（${tw}）`, `not running (${en})`);
    }
  }
}
