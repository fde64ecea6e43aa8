/**
 * The review workflow as the pages need it: which action leads from which status, who may take it,
 * whether it needs a reason or an amount. Mirrors TRANSITIONS in src/audit/review.ts (the server
 * decides; this only chooses which buttons to show).
 */
import type { Role } from './auth';
import type { Status } from './format';

export type ReviewAction = 'confirm' | 'dismiss' | 'second_confirm' | 'second_dismiss' | 'appeal' | 'no_appeal'
  | 'conclude_deduct' | 'conclude_partial' | 'conclude_dismiss' | 'mark_deducted';

interface Step { from: Status[]; to: Status; roles: Role[]; reason: boolean; amount?: 'full' | 'given' | 'zero'; attachments?: boolean; danger?: boolean }

export const TRANSITIONS: Record<ReviewAction, Step> = {
  confirm: { from: ['pending_first'], to: 'pending_second', roles: ['auditor'], reason: false },
  dismiss: { from: ['pending_first'], to: 'dismissed', roles: ['auditor'], reason: true, danger: true },
  second_confirm: { from: ['pending_second'], to: 'awaiting_appeal', roles: ['auditor', 'supervisor'], reason: false },
  second_dismiss: { from: ['pending_second'], to: 'dismissed', roles: ['auditor', 'supervisor'], reason: true, danger: true },
  appeal: { from: ['awaiting_appeal'], to: 'appealed', roles: ['institution'], reason: true, attachments: true },
  no_appeal: { from: ['awaiting_appeal'], to: 'concluded', roles: ['auditor', 'supervisor'], reason: false, amount: 'full' },
  conclude_deduct: { from: ['appealed'], to: 'concluded', roles: ['auditor', 'supervisor'], reason: true, amount: 'full' },
  conclude_partial: { from: ['appealed'], to: 'concluded', roles: ['auditor', 'supervisor'], reason: true, amount: 'given' },
  conclude_dismiss: { from: ['appealed'], to: 'dismissed', roles: ['auditor', 'supervisor'], reason: true, amount: 'zero', danger: true },
  mark_deducted: { from: ['concluded'], to: 'deducted', roles: ['supervisor'], reason: false },
};

export const ACTIONS = Object.keys(TRANSITIONS) as ReviewAction[];

/** The actions a role may take on a finding in `status`. */
export const actionsFor = (role: Role, status: string) =>
  ACTIONS.filter((a) => TRANSITIONS[a].roles.includes(role) && (TRANSITIONS[a].from as string[]).includes(status));

/** The actions a role may take in bulk (no per-finding amount or attachments). */
export const bulkActionsFor = (role: Role) =>
  ACTIONS.filter((a) => TRANSITIONS[a].roles.includes(role) && TRANSITIONS[a].amount !== 'given');
