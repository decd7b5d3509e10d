import { httpHandler, requireIdentity } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import type { Recipient } from '../domain/notifications.ts';
import { type Inbox, inbox } from '../store/notifications.ts';
import { notificationView } from './views.ts';

/**
 * The caller's inbox, newest first. An applicant: what their own applications told them. A clerk or reviewer: what
 * their department's cases told the handler. A head: the department's, including what only the head is told
 * (extension requests, warnings). Supervision: deemed approvals, overdue cases, red cards and revocations.
 */
export const handler = httpHandler('notificationsList', async (request) => {
  const identity = requireIdentity(request);
  const { limit, cursor } = request.query;
  let box: Inbox;
  let addressedTo: Recipient[];
  if (identity.role === 'applicant') {
    box = { kind: 'applicant', sub: identity.sub };
    addressedTo = ['APPLICANT'];
  } else if (identity.role === 'supervisor') {
    box = { kind: 'supervision' };
    addressedTo = ['SUPERVISION'];
  } else {
    if (!identity.department) throw problems.forbidden('An inbox of department staff belongs to a department.');
    box = { kind: 'department', departmentId: identity.department };
    addressedTo = identity.role === 'head' ? ['HANDLER', 'HEAD'] : ['HANDLER'];
  }
  // The department inbox holds what goes to the handler or the head; each sees what is addressed to them.
  const page = await inbox(box, limit, cursor === undefined ? undefined : startKeyOf(cursor, index(box)));
  const mine = page.items.filter((n) => n.to.some((r) => addressedTo.includes(r)));
  const next = page.nextKey ? Buffer.from(JSON.stringify(page.nextKey)).toString('base64url') : null;
  return { status: 200, body: { notifications: mine.map(notificationView), next } };
});

function index(box: Inbox): string {
  return box.kind === 'department'
    ? 'departmentInbox'
    : box.kind === 'applicant'
      ? 'applicantInbox'
      : 'supervisionInbox';
}

/** The page key a `next` value carries: exactly the keys of that inbox, all strings, or the cursor is refused. */
function startKeyOf(cursor: string, inboxKey: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const expected = ['at', 'caseId', inboxKey, 'seq'].sort();
  const fields = key && typeof key === 'object' && !Array.isArray(key) ? Object.entries(key) : [];
  const valid =
    fields.length === expected.length &&
    fields.every(([name, value]) =>
      name === 'seq'
        ? Number.isInteger(value) && (value as number) >= 0
        : typeof value === 'string' && value.length <= 400,
    ) &&
    JSON.stringify(fields.map(([name]) => name).sort()) === JSON.stringify(expected);
  if (!valid) {
    throw problems.invalid([
      { field: 'query.cursor', reason: 'must be the `next` value of the previous page of this inbox' },
    ]);
  }
  return key as Record<string, unknown>;
}
