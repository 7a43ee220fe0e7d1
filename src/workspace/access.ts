/**
 * Who may do what in the workspace. Admins and coordinators may do everything (coordinators
 * manage users and assignments, edit any sheet to correct it, and publish). Experts read, edit and
 * comment on the sheets assigned to them (only the assigned strand, when the assignment names
 * one). Reviewers read, comment on and review the sheets assigned to them, and never edit answers.
 */
import type { Assignment, User } from '../storage/account-repository.js';

export type Action = 'read' | 'edit' | 'comment' | 'review' | 'publish' | 'manage';

export interface SheetTarget {
  country: string;
  edition: string;
  strand?: string;
}

export function can(
  user: User,
  action: Action,
  assignments: readonly Assignment[],
  target?: SheetTarget,
): boolean {
  if (user.role === 'admin' || user.role === 'coordinator') return true;
  if (action === 'publish' || action === 'manage' || !target) return false;
  const mine = assignments.filter(
    (a) => a.userId === user.id && a.country === target.country && a.edition === target.edition,
  );
  if (user.role === 'expert') {
    const expert = mine.filter((a) => a.task === 'expert');
    if (action === 'read' || action === 'comment') return expert.length > 0;
    if (action === 'edit')
      return expert.some(
        (a) => a.strand === null || target.strand === undefined || a.strand === target.strand,
      );
    return false;
  }
  if (user.role === 'reviewer') {
    return (
      ['read', 'comment', 'review'].includes(action) && mine.some((a) => a.task === 'reviewer')
    );
  }
  return false;
}
