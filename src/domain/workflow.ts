/**
 * The item lifecycle as a pure state machine: which action moves an item from which state to which,
 * and which side (the supervision office or the responsible unit) may take it. Services check the
 * actor's permissions and scope; this module only knows states.
 */
export const itemStates = [
  'draft',
  'assigned',
  'accepted',
  'in_progress',
  'completion_requested',
  'completed',
  'returned',
  'extension_requested',
  'suspended',
  'cancelled',
] as const;
export type ItemState = (typeof itemStates)[number];

export const itemActions = [
  'assign',
  'sign',
  'refuse',
  'reroute',
  'claim',
  'start',
  'request_completion',
  'approve',
  'return',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'suspend',
  'resume',
  'cancel',
] as const;
export type ItemAction = (typeof itemActions)[number];

/** Who takes an action: the supervision office (督查方) or the lead unit (承办方). */
export type Side = 'supervisor' | 'unit';

/** States in which the unit is working and owes reports. */
export const workingStates: readonly ItemState[] = [
  'accepted',
  'in_progress',
  'returned',
  'extension_requested',
];
/** States in which the unit's reports may be written: also while its completion request waits for review. */
export const reportingStates: readonly ItemState[] = [...workingStates, 'completion_requested'];
/** States that count as open (not finished, not parked). */
export const openStates: readonly ItemState[] = [...workingStates, 'assigned', 'completion_requested'];
export const finalStates: readonly ItemState[] = ['completed', 'cancelled'];

interface Rule {
  side: Side;
  from: readonly ItemState[];
  /** The next state; 'resume' returns to the state saved when the item was parked. */
  to: ItemState | 'resume';
  /** A reason is required (refusals, returns, suspensions, cancellations, extension requests). */
  needsReason: boolean;
}

export const rules: Record<ItemAction, Rule> = {
  assign: { side: 'supervisor', from: ['draft', 'assigned'], to: 'assigned', needsReason: false },
  sign: { side: 'unit', from: ['assigned'], to: 'accepted', needsReason: false },
  refuse: { side: 'unit', from: ['assigned'], to: 'draft', needsReason: true },
  reroute: { side: 'unit', from: ['assigned'], to: 'assigned', needsReason: true },
  claim: { side: 'unit', from: ['draft'], to: 'accepted', needsReason: false },
  start: { side: 'unit', from: ['accepted'], to: 'in_progress', needsReason: false },
  request_completion: {
    side: 'unit',
    from: ['accepted', 'in_progress', 'returned'],
    to: 'completion_requested',
    needsReason: false,
  },
  approve: { side: 'supervisor', from: ['completion_requested'], to: 'completed', needsReason: false },
  return: { side: 'supervisor', from: ['completion_requested'], to: 'returned', needsReason: true },
  request_extension: {
    side: 'unit',
    from: ['accepted', 'in_progress', 'returned'],
    to: 'extension_requested',
    needsReason: true,
  },
  approve_extension: { side: 'supervisor', from: ['extension_requested'], to: 'resume', needsReason: false },
  reject_extension: { side: 'supervisor', from: ['extension_requested'], to: 'resume', needsReason: true },
  suspend: {
    side: 'supervisor',
    // An extension request is decided first; suspending it would lose the state it resumes to.
    from: ['assigned', 'accepted', 'in_progress', 'returned', 'completion_requested'],
    to: 'suspended',
    needsReason: true,
  },
  resume: { side: 'supervisor', from: ['suspended'], to: 'resume', needsReason: false },
  cancel: {
    side: 'supervisor',
    from: [
      'draft',
      'assigned',
      'accepted',
      'in_progress',
      'returned',
      'completion_requested',
      'extension_requested',
      'suspended',
    ],
    to: 'cancelled',
    needsReason: true,
  },
};

export interface Machine {
  state: ItemState;
  /** Where `resume` goes back to after an extension request or a suspension. */
  resumeState: ItemState | null;
}

export type Transition =
  | { ok: true; state: ItemState; resumeState: ItemState | null }
  | { ok: false; reason: 'not_allowed_in_state' | 'reason_required' };

/**
 * The result of taking `action` on an item in `m`. Parking states (suspended, extension_requested) save
 * the state to return to; `resume` restores it.
 */
export function transition(
  m: Machine,
  action: ItemAction,
  opts: { reason?: string | null } = {},
): Transition {
  const rule = rules[action];
  if (!rule.from.includes(m.state)) {
    return { ok: false, reason: 'not_allowed_in_state' };
  }
  if (rule.needsReason && !(opts.reason && opts.reason.trim().length > 0)) {
    return { ok: false, reason: 'reason_required' };
  }
  if (rule.to === 'resume') {
    const back = m.resumeState ?? 'in_progress';
    return { ok: true, state: back, resumeState: null };
  }
  if (rule.to === 'suspended' || rule.to === 'extension_requested') {
    return { ok: true, state: rule.to, resumeState: m.state };
  }
  return { ok: true, state: rule.to, resumeState: null };
}

/** The actions a side could take on an item in this state (before permission and scope checks). */
export function availableActions(state: ItemState, side: Side): ItemAction[] {
  return itemActions.filter((a) => rules[a].side === side && rules[a].from.includes(state));
}

/** Every state reachable from `draft`; the property tests check no sequence leaves it. */
export function reachableStates(): Set<ItemState> {
  const seen = new Set<ItemState>(['draft']);
  const queue: Machine[] = [{ state: 'draft', resumeState: null }];
  const key = (m: Machine) => `${m.state}/${m.resumeState ?? ''}`;
  const visited = new Set<string>([key(queue[0]!)]);
  while (queue.length > 0) {
    const m = queue.shift()!;
    for (const a of itemActions) {
      const t = transition(m, a, { reason: 'x' });
      if (t.ok) {
        const next = { state: t.state, resumeState: t.resumeState };
        seen.add(next.state);
        if (!visited.has(key(next))) {
          visited.add(key(next));
          queue.push(next);
        }
      }
    }
  }
  return seen;
}
