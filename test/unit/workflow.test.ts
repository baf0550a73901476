import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availableActions,
  finalStates,
  type ItemAction,
  itemActions,
  type ItemState,
  itemStates,
  type Machine,
  openStates,
  reachableStates,
  rules,
  type Side,
  transition,
  workingStates,
} from '../../src/domain/workflow.js';

const start: Machine = { state: 'draft', resumeState: null };
const sides: Side[] = ['supervisor', 'unit'];
const terminal: ItemState[] = ['completed', 'cancelled'];

type Reason = string | null | undefined;
const isBlank = (reason: Reason) => reason === null || reason === undefined || reason.trim() === '';

/** Reasons: missing, blank, whitespace-only, arbitrary text and a real sentence. */
const reasonArb: fc.Arbitrary<Reason> = fc.oneof(
  fc.constantFrom<Reason>(undefined, null, '', ' ', '\t\n  '),
  fc.string(),
  fc.constant('因客观原因需延期'),
);

/**
 * One step of a random walk. Half the steps take one of the actions the current state allows (so that
 * walks get deep into the lifecycle); the others take any action at all (so that refusals happen too).
 */
const stepArb = fc.record({
  action: fc.constantFrom(...itemActions),
  preferAllowed: fc.boolean(),
  pick: fc.nat(),
  reason: reasonArb,
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;
const walkArb = fc.array(stepArb, { maxLength: 60 });

function chooseAction(m: Machine, step: Step): ItemAction {
  const allowed = itemActions.filter((a) => rules[a].from.includes(m.state));
  return step.preferAllowed && allowed.length > 0 ? allowed[step.pick % allowed.length]! : step.action;
}

interface Visit {
  before: Machine;
  action: ItemAction;
  reason: Reason;
  result: ReturnType<typeof transition>;
  after: Machine;
}

/** Applies a walk from draft, keeping the old machine whenever a transition is refused. */
function walk(steps: readonly Step[]): Visit[] {
  const visits: Visit[] = [];
  let m: Machine = { ...start };
  for (const step of steps) {
    const action = chooseAction(m, step);
    const before = { ...m };
    const result = transition(m, action, { reason: step.reason });
    expect(m).toEqual(before); // transition never mutates its input
    if (result.ok) {
      m = { state: result.state, resumeState: result.resumeState };
    }
    visits.push({ before, action, reason: step.reason, result, after: { ...m } });
  }
  return visits;
}

/** The machines reached by random walks, for round-trip checks from realistic positions. */
const reachedMachineArb = walkArb.map((steps) => {
  const visits = walk(steps);
  return visits.length > 0 ? visits[visits.length - 1]!.after : { ...start };
});

function apply(m: Machine, ...steps: [ItemAction, string?][]): Machine {
  let current = m;
  for (const [action, reason] of steps) {
    const t = transition(current, action, { reason });
    if (!t.ok) {
      throw new Error(`${action} refused in ${current.state}: ${t.reason}`);
    }
    current = { state: t.state, resumeState: t.resumeState };
  }
  return current;
}

describe('state lists', () => {
  it('keeps working states inside open states, and final states outside both', () => {
    for (const s of workingStates) {
      expect(openStates).toContain(s);
    }
    for (const s of [...openStates, ...finalStates]) {
      expect(itemStates).toContain(s);
    }
    expect(finalStates.filter((s) => openStates.includes(s))).toEqual([]);
    expect([...finalStates].sort()).toEqual([...terminal].sort());
  });

  it('defines a rule for every action, whose from and to states are known states', () => {
    expect(Object.keys(rules).sort()).toEqual([...itemActions].sort());
    for (const a of itemActions) {
      for (const s of rules[a].from) {
        expect(itemStates).toContain(s);
      }
      if (rules[a].to !== 'resume') {
        expect(itemStates).toContain(rules[a].to);
      }
    }
  });
});

describe('transition on random action sequences from draft', () => {
  it('only ever visits known states, and every accepted move follows its rule', () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        for (const { before, action, reason, result, after } of walk(steps)) {
          expect(itemStates).toContain(after.state);
          if (!result.ok) {
            continue;
          }
          const rule = rules[action];
          expect(rule.from).toContain(before.state);
          if (rule.needsReason) {
            expect(isBlank(reason)).toBe(false);
          }
          if (rule.to === 'resume') {
            // Resuming goes back to the state saved when the item was parked.
            expect(before.resumeState).not.toBeNull();
            expect(result.state).toBe(before.resumeState);
            expect(result.resumeState).toBeNull();
          } else {
            expect(result.state).toBe(rule.to);
            const parks = rule.to === 'suspended' || rule.to === 'extension_requested';
            expect(result.resumeState).toBe(parks ? before.state : null);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never reaches a state outside reachableStates()', () => {
    const reachable = reachableStates();
    fc.assert(
      fc.property(walkArb, (steps) => {
        for (const { after } of walk(steps)) {
          expect(reachable.has(after.state)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps an item in completed or cancelled once it gets there', () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        let ended: ItemState | null = null;
        for (const { before, result, after } of walk(steps)) {
          if (ended !== null) {
            expect(before.state).toBe(ended);
            expect(result).toEqual({ ok: false, reason: 'not_allowed_in_state' });
            expect(after.state).toBe(ended);
          } else if (terminal.includes(after.state)) {
            ended = after.state;
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses exactly the moves the state does not allow or that lack a required reason, with that code', () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        for (const { before, action, reason, result, after } of walk(steps)) {
          const rule = rules[action];
          if (!rule.from.includes(before.state)) {
            expect(result).toEqual({ ok: false, reason: 'not_allowed_in_state' });
          } else if (rule.needsReason && isBlank(reason)) {
            expect(result).toEqual({ ok: false, reason: 'reason_required' });
          } else {
            expect(result.ok).toBe(true);
          }
          if (!result.ok) {
            expect(after).toEqual(before);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('walks generated this way do visit every state (so the properties above cover them all)', () => {
    const seen = new Set<ItemState>();
    for (const steps of fc.sample(walkArb, { numRuns: 300, seed: 42 })) {
      for (const { after } of walk(steps)) {
        seen.add(after.state);
      }
    }
    expect([...seen].sort()).toEqual([...itemStates].sort());
  });
});

describe('terminal states', () => {
  it('accepts no action at all from completed or cancelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...terminal),
        fc.option(fc.constantFrom(...itemStates), { nil: null }),
        fc.constantFrom(...itemActions),
        reasonArb,
        (state, resumeState, action, reason) => {
          expect(transition({ state, resumeState }, action, { reason })).toEqual({
            ok: false,
            reason: 'not_allowed_in_state',
          });
        },
      ),
    );
  });

  it('offers no available action in completed or cancelled to either side', () => {
    for (const state of terminal) {
      for (const side of sides) {
        expect(availableActions(state, side)).toEqual([]);
      }
    }
  });
});

describe('reasons', () => {
  const needing = itemActions.filter((a) => rules[a].needsReason);
  const notNeeding = itemActions.filter((a) => !rules[a].needsReason);

  it('requires a reason for refusals, reroutes, returns, extension requests and rejections, suspensions and cancellations', () => {
    expect([...needing].sort()).toEqual(
      ['cancel', 'refuse', 'reject_extension', 'request_extension', 'reroute', 'return', 'suspend'].sort(),
    );
  });

  it('fails with reason_required when a reason-needing action is allowed in the state but the reason is missing or blank', () => {
    const blankArb = fc.oneof(
      fc.constantFrom<Reason>(undefined, null, ''),
      fc
        .array(fc.constantFrom(' ', '\t', '\n', '\u3000'), { minLength: 1, maxLength: 6 })
        .map((cs) => cs.join('')),
    );
    const caseArb = fc
      .constantFrom(...needing)
      .chain((action) => fc.tuple(fc.constant(action), fc.constantFrom(...rules[action].from)));
    fc.assert(
      fc.property(caseArb, blankArb, fc.boolean(), ([action, state], reason, omit) => {
        const m: Machine = { state, resumeState: 'in_progress' };
        const t = omit && reason === undefined ? transition(m, action) : transition(m, action, { reason });
        expect(t).toEqual({ ok: false, reason: 'reason_required' });
      }),
    );
  });

  it('accepts a reason-needing action with a non-blank reason', () => {
    const caseArb = fc
      .constantFrom(...needing)
      .chain((action) => fc.tuple(fc.constant(action), fc.constantFrom(...rules[action].from)));
    const reasonText = fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(caseArb, reasonText, ([action, state], reason) => {
        expect(transition({ state, resumeState: 'in_progress' }, action, { reason }).ok).toBe(true);
      }),
    );
  });

  it('does not ask for a reason for the other actions', () => {
    for (const action of notNeeding) {
      for (const state of rules[action].from) {
        expect(transition({ state, resumeState: 'accepted' }, action).ok).toBe(true);
      }
    }
  });

  it('checks the state before the reason: a disallowed action without reason is not_allowed_in_state', () => {
    expect(transition({ state: 'draft', resumeState: null }, 'return')).toEqual({
      ok: false,
      reason: 'not_allowed_in_state',
    });
  });
});

describe('parking and resuming', () => {
  it('suspend then resume returns to the state before the suspension', () => {
    fc.assert(
      fc.property(reachedMachineArb, reasonArb, (m, reason) => {
        const suspended = transition(m, 'suspend', { reason: isBlank(reason) ? '暂缓' : reason });
        if (!rules.suspend.from.includes(m.state)) {
          expect(suspended.ok).toBe(false);
          return;
        }
        if (!suspended.ok) {
          throw new Error('suspend refused');
        }
        expect(suspended.state).toBe('suspended');
        const resumed = transition({ state: suspended.state, resumeState: suspended.resumeState }, 'resume');
        expect(resumed).toEqual({ ok: true, state: m.state, resumeState: null });
      }),
      { numRuns: 300 },
    );
  });

  it('suspend then resume round-trips from every state suspension allows', () => {
    for (const state of rules.suspend.from) {
      const back = apply({ state, resumeState: null }, ['suspend', '暂缓'], ['resume']);
      expect(back).toEqual({ state, resumeState: null });
    }
  });

  it('request_extension then approve_extension or reject_extension returns to the state before the request', () => {
    fc.assert(
      fc.property(
        reachedMachineArb,
        fc.constantFrom('approve_extension', 'reject_extension') as fc.Arbitrary<ItemAction>,
        (m, decision) => {
          const requested = transition(m, 'request_extension', { reason: '需延期' });
          if (!rules.request_extension.from.includes(m.state)) {
            expect(requested.ok).toBe(false);
            return;
          }
          if (!requested.ok) {
            throw new Error('request_extension refused');
          }
          expect(requested.state).toBe('extension_requested');
          const decided = transition(
            { state: requested.state, resumeState: requested.resumeState },
            decision,
            {
              reason: '理由不充分',
            },
          );
          expect(decided).toEqual({ ok: true, state: m.state, resumeState: null });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('extension requests round-trip from accepted, in_progress and returned', () => {
    for (const state of ['accepted', 'in_progress', 'returned'] as const) {
      for (const decision of ['approve_extension', 'reject_extension'] as const) {
        const back = apply({ state, resumeState: null }, ['request_extension', '需延期'], [decision, '说明']);
        expect(back).toEqual({ state, resumeState: null });
      }
    }
  });

  it('does not allow suspending a pending extension request (it would lose the state to resume to)', () => {
    expect(
      transition({ state: 'extension_requested', resumeState: 'returned' }, 'suspend', { reason: 'x' }),
    ).toEqual({
      ok: false,
      reason: 'not_allowed_in_state',
    });
  });
});

describe('availableActions', () => {
  it('lists exactly the actions of that side whose rule starts from the state, in itemActions order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...itemStates), fc.constantFrom(...sides), (state, side) => {
        const listed = availableActions(state, side);
        for (const a of itemActions) {
          const expected = rules[a].side === side && rules[a].from.includes(state);
          expect(listed.includes(a)).toBe(expected);
        }
        expect(listed).toEqual(itemActions.filter((a) => listed.includes(a)));
      }),
    );
  });

  it('together for both sides, lists exactly the actions transition accepts (given a reason)', () => {
    for (const state of itemStates) {
      const both = new Set([...availableActions(state, 'supervisor'), ...availableActions(state, 'unit')]);
      for (const a of itemActions) {
        expect(transition({ state, resumeState: 'in_progress' }, a, { reason: 'x' }).ok).toBe(both.has(a));
      }
    }
  });

  it('gives the unit sign, refuse and reroute on an assigned item, and the supervisor the rest', () => {
    expect(availableActions('assigned', 'unit')).toEqual(['sign', 'refuse', 'reroute']);
    expect(availableActions('assigned', 'supervisor')).toEqual(['assign', 'suspend', 'cancel']);
    expect(availableActions('completion_requested', 'supervisor')).toEqual([
      'approve',
      'return',
      'suspend',
      'cancel',
    ]);
    expect(availableActions('completion_requested', 'unit')).toEqual([]);
  });
});

describe('reachableStates', () => {
  it('reaches every item state from draft', () => {
    expect([...reachableStates()].sort()).toEqual([...itemStates].sort());
  });

  it.each<[ItemState, [ItemAction, string?][]]>([
    ['draft', []],
    ['assigned', [['assign']]],
    ['accepted', [['claim']]],
    ['in_progress', [['assign'], ['sign'], ['start']]],
    ['completion_requested', [['claim'], ['start'], ['request_completion']]],
    ['completed', [['claim'], ['request_completion'], ['approve']]],
    ['returned', [['claim'], ['request_completion'], ['return', '材料不全']]],
    ['extension_requested', [['claim'], ['start'], ['request_extension', '需延期']]],
    ['suspended', [['assign'], ['suspend', '暂缓']]],
    ['cancelled', [['cancel', '不再需要']]],
  ])('reaches %s by a concrete path', (state, path) => {
    expect(apply(start, ...path).state).toBe(state);
  });

  it('sends a refused assignment back to draft', () => {
    expect(apply(start, ['assign'], ['refuse', '不属于本单位职责'])).toEqual({
      state: 'draft',
      resumeState: null,
    });
  });
});
