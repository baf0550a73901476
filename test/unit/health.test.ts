import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import {
  computeHealth,
  describeReason,
  expectedProgress,
  type Health,
  type HealthItem,
  type HealthMilestone,
  type HealthPolicy,
  type HealthReason,
  type HealthSlot,
  REPORT_DUE_SOON_DAYS,
} from '../../src/domain/health.js';
import { type ItemState, itemStates, openStates } from '../../src/domain/workflow.js';

const langs = ['zh-CN', 'zh-TW', 'en'] as const;
const origin = '2024-01-01';
const dayArb = fc.integer({ min: 0, max: 1500 }).map((n) => addDays(origin, n));
const optDayArb = fc.option(dayArb, { nil: null });
const slotStates = ['pending', 'draft', 'submitted', 'approved', 'returned'];
const filedStates = ['submitted', 'approved'];

const itemArb = (states: readonly ItemState[] = itemStates): fc.Arbitrary<HealthItem> =>
  fc.record({
    state: fc.constantFrom(...states),
    startDate: optDayArb,
    deadline: optDayArb,
    progress: fc.integer({ min: 0, max: 100 }),
    completedOn: optDayArb,
    completionRequestedOn: optDayArb,
  });
const milestoneArb: fc.Arbitrary<HealthMilestone> = fc.record({
  seq: fc.integer({ min: 1, max: 12 }),
  title: fc.string({ maxLength: 8 }),
  due: dayArb,
  doneOn: optDayArb,
});
const slotArb = (states: readonly string[] = slotStates): fc.Arbitrary<HealthSlot> =>
  fc.record({
    period: fc.integer({ min: 1, max: 12 }).map((m) => `2025-${String(m).padStart(2, '0')}`),
    due: dayArb,
    state: fc.constantFrom(...states),
  });
const policyArb: fc.Arbitrary<HealthPolicy> = fc.record({
  warningDays: fc.integer({ min: 0, max: 30 }),
  tolerancePct: fc.integer({ min: 0, max: 50 }),
});
const inputsArb = fc.record({
  item: itemArb(),
  milestones: fc.array(milestoneArb, { maxLength: 6 }),
  slots: fc.array(slotArb(), { maxLength: 6 }),
  policy: policyArb,
  today: dayArb,
});

const policy: HealthPolicy = { warningDays: 7, tolerancePct: 10 };
const today = '2025-07-01';
const openItem = (over: Partial<HealthItem> = {}): HealthItem => ({
  state: 'in_progress',
  startDate: null,
  deadline: null,
  progress: 50,
  completedOn: null,
  completionRequestedOn: null,
  ...over,
});
const codes = (r: { reasons: HealthReason[] }) => r.reasons.map((x) => x.code);
const canonical = (reasons: HealthReason[]) => reasons.map((r) => JSON.stringify(r)).sort();
const rank: Partial<Record<Health, number>> = { green: 0, yellow: 1, red: 2 };

describe('computeHealth is deterministic', () => {
  it('gives deep-equal results for the same inputs', () => {
    fc.assert(
      fc.property(inputsArb, ({ item, milestones, slots, policy, today }) => {
        expect(computeHealth(item, milestones, slots, policy, today)).toEqual(
          computeHealth(item, milestones, slots, policy, today),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of milestones and report slots', () => {
    const arb = inputsArb.chain((inputs) =>
      fc.record({
        inputs: fc.constant(inputs),
        milestones: fc.shuffledSubarray(inputs.milestones, {
          minLength: inputs.milestones.length,
          maxLength: inputs.milestones.length,
        }),
        slots: fc.shuffledSubarray(inputs.slots, {
          minLength: inputs.slots.length,
          maxLength: inputs.slots.length,
        }),
      }),
    );
    fc.assert(
      fc.property(
        arb,
        ({ inputs: { item, milestones, slots, policy, today }, milestones: m2, slots: s2 }) => {
          const a = computeHealth(item, milestones, slots, policy, today);
          const b = computeHealth(item, m2, s2, policy, today);
          expect(b.health).toBe(a.health);
          expect(canonical(b.reasons)).toEqual(canonical(a.reasons));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not modify the milestone and slot arrays it is given', () => {
    fc.assert(
      fc.property(inputsArb, ({ item, milestones, slots, policy, today }) => {
        const m = structuredClone(milestones);
        const s = structuredClone(slots);
        computeHealth(item, milestones, slots, policy, today);
        expect(milestones).toEqual(m);
        expect(slots).toEqual(s);
      }),
    );
  });
});

describe('computeHealth reasons agree with the health', () => {
  it('red has a red reason; yellow has a yellow and no red reason; green has none; reds come first', () => {
    fc.assert(
      fc.property(inputsArb, ({ item, milestones, slots, policy, today }) => {
        const { health, reasons } = computeHealth(item, milestones, slots, policy, today);
        const levels = reasons.map((r) => r.level);
        switch (health) {
          case 'red':
            expect(levels).toContain('red');
            break;
          case 'yellow':
            expect(levels).not.toContain('red');
            expect(levels).toContain('yellow');
            break;
          case 'green':
            expect(reasons).toEqual([]);
            break;
          case 'done_on_time':
          case 'done_late':
            expect(levels).toEqual(['done']);
            break;
          case 'none':
            expect(levels).toEqual(['none']);
            break;
        }
        if (health === 'red' || health === 'yellow') {
          const firstNonRed = levels.findIndex((l) => l !== 'red');
          if (firstNonRed >= 0) {
            expect(levels.slice(firstNonRed)).not.toContain('red');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives open items green, yellow or red', () => {
    fc.assert(
      fc.property(inputsArb, itemArb(openStates), ({ milestones, slots, policy, today }, item) => {
        expect(['green', 'yellow', 'red']).toContain(
          computeHealth(item, milestones, slots, policy, today).health,
        );
      }),
    );
  });
});

describe('computeHealth for finished and parked items', () => {
  it('completed items are done_on_time when completed by the deadline and done_late after it', () => {
    fc.assert(
      fc.property(
        inputsArb,
        dayArb,
        optDayArb,
        ({ item, milestones, slots, policy, today }, completedOn, deadline) => {
          const done = { ...item, state: 'completed' as const, completedOn, deadline };
          const r = computeHealth(done, milestones, slots, policy, today);
          const late = deadline !== null && completedOn > deadline;
          expect(r.health).toBe(late ? 'done_late' : 'done_on_time');
          expect(r.reasons).toEqual(
            late
              ? [{ code: 'completed_late', level: 'done', deadline, completedOn }]
              : [{ code: 'completed_on_time', level: 'done', completedOn }],
          );
        },
      ),
    );
  });

  it('completed on the deadline day itself is on time; one day later is late', () => {
    const d = '2025-06-30';
    expect(
      computeHealth(openItem({ state: 'completed', deadline: d, completedOn: d }), [], [], policy, today)
        .health,
    ).toBe('done_on_time');
    expect(
      computeHealth(
        openItem({ state: 'completed', deadline: d, completedOn: '2025-07-01' }),
        [],
        [],
        policy,
        today,
      ).health,
    ).toBe('done_late');
  });

  it('draft, suspended and cancelled items have no health, whatever the facts', () => {
    fc.assert(
      fc.property(
        inputsArb,
        fc.constantFrom('draft', 'suspended', 'cancelled') as fc.Arbitrary<ItemState>,
        ({ item, milestones, slots, policy, today }, state) => {
          expect(computeHealth({ ...item, state }, milestones, slots, policy, today)).toEqual({
            health: 'none',
            reasons: [{ code: 'not_running', level: 'none', state }],
          });
        },
      ),
    );
  });
});

describe('computeHealth concrete cases (today 2025-07-01, warning 7 days, tolerance 10 points)', () => {
  it('is green for ongoing work with nothing due', () => {
    expect(computeHealth(openItem(), [], [], policy, today)).toEqual({ health: 'green', reasons: [] });
  });

  it('is red with deadline_passed once the deadline has passed', () => {
    const r = computeHealth(openItem({ deadline: '2025-06-20', progress: 100 }), [], [], policy, today);
    expect(r.health).toBe('red');
    expect(r.reasons).toContainEqual({
      code: 'deadline_passed',
      level: 'red',
      deadline: '2025-06-20',
      days: 11,
    });
  });

  it('is not red on the deadline day itself', () => {
    const r = computeHealth(openItem({ deadline: today, progress: 100 }), [], [], policy, today);
    expect(r.health).toBe('yellow');
    expect(r.reasons).toEqual([{ code: 'deadline_near', level: 'yellow', deadline: today, days: 0 }]);
  });

  it('is red with milestone_missed for an undone milestone due yesterday, worded with the node number and date', () => {
    const m: HealthMilestone = { seq: 3, title: '完成招标', due: '2025-06-30', doneOn: null };
    const r = computeHealth(openItem({ progress: 100 }), [m], [], policy, today);
    expect(r.health).toBe('red');
    const missed = r.reasons.find((x) => x.code === 'milestone_missed');
    expect(missed).toEqual({
      code: 'milestone_missed',
      level: 'red',
      seq: 3,
      title: '完成招标',
      due: '2025-06-30',
    });
    const text = describeReason(missed!, 'zh-CN');
    expect(text).toContain('节点3');
    expect(text).toContain('2025-06-30');
    expect(text).toBe('节点3（完成招标）应于 2025-06-30 完成，未完成');
  });

  it('does not count a milestone that is done, even late', () => {
    const m: HealthMilestone = { seq: 1, title: 'a', due: '2025-06-30', doneOn: '2025-07-01' };
    expect(computeHealth(openItem({ progress: 100 }), [m], [], policy, today)).toEqual({
      health: 'green',
      reasons: [],
    });
  });

  it('is yellow with milestone_near for an undone milestone due within the warning days', () => {
    const m: HealthMilestone = { seq: 2, title: 'b', due: '2025-07-05', doneOn: null };
    const r = computeHealth(openItem({ progress: 100 }), [m], [], policy, today);
    expect(r).toEqual({
      health: 'yellow',
      reasons: [{ code: 'milestone_near', level: 'yellow', seq: 2, title: 'b', due: '2025-07-05', days: 4 }],
    });
  });

  it('is yellow with deadline_near when the deadline is within the warning days, and green just outside', () => {
    const near = computeHealth(openItem({ deadline: '2025-07-08', progress: 100 }), [], [], policy, today);
    expect(near).toEqual({
      health: 'yellow',
      reasons: [{ code: 'deadline_near', level: 'yellow', deadline: '2025-07-08', days: 7 }],
    });
    expect(
      computeHealth(openItem({ deadline: '2025-07-09', progress: 100 }), [], [], policy, today).health,
    ).toBe('green');
  });

  it('is yellow with behind_trajectory when progress lags the straight line by more than the tolerance', () => {
    const item = openItem({ startDate: '2025-01-01', deadline: '2025-12-31' });
    expect(expectedProgress(item, [], today)).toBe(50);
    const behind = computeHealth({ ...item, progress: 20 }, [], [], policy, today);
    expect(behind).toEqual({
      health: 'yellow',
      reasons: [{ code: 'behind_trajectory', level: 'yellow', progress: 20, expected: 50 }],
    });
    expect(computeHealth({ ...item, progress: 40 }, [], [], policy, today).health).toBe('green');
    expect(computeHealth({ ...item, progress: 39 }, [], [], policy, today).health).toBe('yellow');
  });

  it('is yellow with report_due_soon for an unfiled slot due in 2 days', () => {
    for (const state of ['pending', 'draft', 'returned']) {
      const slot: HealthSlot = { period: '2025-06', due: '2025-07-03', state };
      expect(computeHealth(openItem(), [], [slot], policy, today)).toEqual({
        health: 'yellow',
        reasons: [{ code: 'report_due_soon', level: 'yellow', period: '2025-06', due: '2025-07-03' }],
      });
    }
  });

  it(`warns of a report due up to ${REPORT_DUE_SOON_DAYS} days ahead, not later`, () => {
    const at = (days: number) =>
      computeHealth(
        openItem(),
        [],
        [{ period: 'p', due: addDays(today, days), state: 'pending' }],
        policy,
        today,
      );
    expect(at(0).health).toBe('yellow');
    expect(at(REPORT_DUE_SOON_DAYS).health).toBe('yellow');
    expect(at(REPORT_DUE_SOON_DAYS + 1).health).toBe('green');
  });

  it('is red with report_missed for an unfiled slot due yesterday', () => {
    const slot: HealthSlot = { period: '2025-06', due: '2025-06-30', state: 'pending' };
    expect(computeHealth(openItem(), [], [slot], policy, today)).toEqual({
      health: 'red',
      reasons: [{ code: 'report_missed', level: 'red', period: '2025-06', due: '2025-06-30' }],
    });
  });

  it('never counts a filed (submitted or approved) slot, whatever its due date', () => {
    fc.assert(
      fc.property(
        inputsArb,
        fc.array(slotArb(filedStates), { minLength: 1, maxLength: 5 }),
        (inputs, filed) => {
          const { item, milestones, slots, policy, today } = inputs;
          const without = computeHealth(item, milestones, slots, policy, today);
          const withFiled = computeHealth(item, milestones, [...slots, ...filed], policy, today);
          expect(withFiled.health).toBe(without.health);
          expect(canonical(withFiled.reasons)).toEqual(canonical(without.reasons));
        },
      ),
    );
  });

  it('does not turn red after the deadline when completion was requested before it', () => {
    const item = openItem({
      state: 'completion_requested',
      deadline: '2025-06-20',
      completionRequestedOn: '2025-06-10',
      progress: 100,
    });
    const r = computeHealth(item, [], [], policy, today);
    expect(r.health).not.toBe('red');
    expect(codes(r)).not.toContain('deadline_passed');
  });

  it('is red after the deadline when completion was requested only after it', () => {
    const item = openItem({
      state: 'completion_requested',
      deadline: '2025-06-20',
      completionRequestedOn: '2025-06-25',
      progress: 100,
    });
    const r = computeHealth(item, [], [], policy, today);
    expect(r.health).toBe('red');
    expect(codes(r)).toContain('deadline_passed');
  });

  it('lists red reasons before yellow ones', () => {
    const r = computeHealth(
      openItem({ deadline: '2025-07-03', progress: 100 }),
      [],
      [{ period: '2025-06', due: '2025-06-30', state: 'pending' }],
      policy,
      today,
    );
    expect(r.health).toBe('red');
    expect(codes(r)).toEqual(['report_missed', 'deadline_near']);
  });
});

describe('computeHealth over time', () => {
  it('never improves as today moves later, for an open item with progress 100 and no milestones or slots', () => {
    fc.assert(
      fc.property(itemArb(openStates), policyArb, dayArb, dayArb, (item, policy, a, b) => {
        const full = { ...item, progress: 100 };
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const h1 = computeHealth(full, [], [], policy, earlier).health;
        const h2 = computeHealth(full, [], [], policy, later).health;
        expect(rank[h1]).toBeDefined();
        expect(rank[h2]).toBeDefined();
        expect(rank[h2]!).toBeGreaterThanOrEqual(rank[h1]!);
      }),
      { numRuns: 500 },
    );
  });

  it('goes green, then yellow within the warning days, then red after the deadline', () => {
    const item = openItem({ deadline: '2025-07-20', progress: 100 });
    const seen = [-30, -8, -7, -1, 0, 1, 30].map(
      (offset) => computeHealth(item, [], [], policy, addDays('2025-07-20', offset)).health,
    );
    expect(seen).toEqual(['green', 'green', 'yellow', 'yellow', 'yellow', 'red', 'red']);
  });
});

describe('expectedProgress', () => {
  it('is null for ongoing work without milestones, or without a start date', () => {
    expect(expectedProgress(openItem({ startDate: '2025-01-01' }), [], today)).toBeNull();
    expect(expectedProgress(openItem({ deadline: '2025-12-31' }), [], today)).toBeNull();
  });

  it('follows the straight line from start (0) to deadline (100)', () => {
    const item = openItem({ startDate: '2025-01-01', deadline: '2025-01-11' });
    expect(expectedProgress(item, [], '2024-12-01')).toBe(0);
    expect(expectedProgress(item, [], '2025-01-01')).toBe(0);
    expect(expectedProgress(item, [], '2025-01-06')).toBe(50);
    expect(expectedProgress(item, [], '2025-01-11')).toBe(100);
    expect(expectedProgress(item, [], '2025-03-01')).toBe(100);
  });

  it('uses the share of milestones due by today when there are milestones', () => {
    const ms: HealthMilestone[] = [
      { seq: 1, title: 'a', due: '2025-03-01', doneOn: null },
      { seq: 2, title: 'b', due: '2025-06-01', doneOn: null },
      { seq: 3, title: 'c', due: '2025-07-01', doneOn: null },
      { seq: 4, title: 'd', due: '2025-09-01', doneOn: null },
    ];
    expect(expectedProgress(openItem(), ms, '2025-02-01')).toBe(0);
    expect(expectedProgress(openItem(), ms, today)).toBe(75);
    expect(expectedProgress(openItem(), ms, '2025-12-01')).toBe(100);
  });

  it('is between 0 and 100 and never decreases as today moves later', () => {
    fc.assert(
      fc.property(itemArb(), fc.array(milestoneArb, { maxLength: 6 }), dayArb, dayArb, (item, ms, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const e1 = expectedProgress(item, ms, earlier);
        const e2 = expectedProgress(item, ms, later);
        expect(e1 === null).toBe(e2 === null);
        if (e1 !== null && e2 !== null) {
          expect(e1).toBeGreaterThanOrEqual(0);
          expect(e2).toBeLessThanOrEqual(100);
          expect(e2).toBeGreaterThanOrEqual(e1);
        }
      }),
    );
  });
});

describe('describeReason', () => {
  const samples: HealthReason[] = [
    { code: 'deadline_passed', level: 'red', deadline: '2025-06-20', days: 11 },
    { code: 'milestone_missed', level: 'red', seq: 3, title: '完成招标', due: '2025-06-30' },
    { code: 'report_missed', level: 'red', period: '2025-06', due: '2025-06-25' },
    { code: 'deadline_near', level: 'yellow', deadline: '2025-07-05', days: 4 },
    { code: 'milestone_near', level: 'yellow', seq: 2, title: '方案', due: '2025-07-03', days: 2 },
    { code: 'behind_trajectory', level: 'yellow', progress: 20, expected: 50 },
    { code: 'report_due_soon', level: 'yellow', period: '2025-07', due: '2025-07-03' },
    { code: 'completed_late', level: 'done', deadline: '2025-06-20', completedOn: '2025-06-25' },
    { code: 'completed_on_time', level: 'done', completedOn: '2025-06-18' },
    { code: 'not_running', level: 'none', state: 'suspended' },
  ];

  it('has a sample for every reason code', () => {
    expect(new Set(samples.map((s) => s.code)).size).toBe(10);
  });

  it.each(samples.map((s) => [s.code, s] as const))(
    'words %s as a non-empty text in zh-CN, zh-TW and en, naming its dates',
    (_code, reason) => {
      const texts = langs.map((lang) => describeReason(reason, lang));
      for (const text of texts) {
        expect(text.trim().length).toBeGreaterThan(0);
        for (const value of Object.values(reason)) {
          if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
            expect(text).toContain(value);
          }
        }
      }
      expect(new Set(texts).size).toBe(3);
    },
  );

  it('defaults to zh-CN', () => {
    for (const s of samples) {
      expect(describeReason(s)).toBe(describeReason(s, 'zh-CN'));
    }
  });

  it('words every reason computeHealth produces in every language', () => {
    fc.assert(
      fc.property(inputsArb, ({ item, milestones, slots, policy, today }) => {
        for (const r of computeHealth(item, milestones, slots, policy, today).reasons) {
          for (const lang of langs) {
            expect(describeReason(r, lang).length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });
});

describe('the reason of an item not in progress', () => {
  it("names the item's state in the reader's language, never its code", () => {
    for (const state of itemStates) {
      const reason = { code: 'not_running', level: 'none', state } as const;
      const zh = describeReason(reason, 'zh-CN');
      const tw = describeReason(reason, 'zh-TW');
      expect(zh).toMatch(/^未在办理（[\u4e00-\u9fff]+）$/);
      expect(tw).toMatch(/^未在辦理（[\u4e00-\u9fff]+）$/);
      expect(describeReason(reason, 'en')).not.toContain('_');
    }
    expect(describeReason({ code: 'not_running', level: 'none', state: 'suspended' }, 'zh-CN')).toBe(
      '未在办理（已暂停）',
    );
  });
});
