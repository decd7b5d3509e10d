import { problems } from '../common/problem.ts';
import type { Recipient } from '../domain/notifications.ts';
import { type Inbox, inbox, pageStart } from '../store/notifications.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { notificationsListRoute } from './routes/applications.ts';
import { notificationView } from './views.ts';

/**
 * The caller's inbox, newest first. An applicant: what their own applications told them. A clerk or reviewer: what
 * their department's cases told the handler. A head: the department's, including what only the head is told
 * (extension requests, warnings). Supervision: deemed approvals, overdue cases, red cards and revocations. Staff
 * with `inbox=officer`: the events of the green-channel projects they are the dedicated officer of.
 */
export const handler = httpHandler(notificationsListRoute, async (request) => {
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
  } else if (request.query.inbox === 'officer') {
    // A project officer's inbox (docs/green-channel.md): what every project they follow told them.
    box = { kind: 'officer', sub: identity.sub };
    addressedTo = ['OFFICER'];
  } else {
    if (!identity.department)
      throw problems.forbidden(
        '部门工作人员的消息箱须属于某个部门 An inbox of department staff belongs to a department.',
      );
    box = { kind: 'department', departmentId: identity.department };
    addressedTo = identity.role === 'head' ? ['HANDLER', 'HEAD'] : ['HANDLER'];
  }
  const start = cursor === undefined ? undefined : pageStart(box, cursor);
  if (cursor !== undefined && !start) {
    throw problems.invalid([
      {
        field: 'query.cursor',
        reason: '须为本消息箱上一页返回的 `next` 值 must be the `next` value of the previous page of this inbox',
      },
    ]);
  }
  const page = await inbox(box, limit, start);
  // The department inbox holds what goes to the handler or the head; each sees what is addressed to them.
  const mine = page.items.filter((n) => n.to.some((r) => addressedTo.includes(r)));
  return { status: 200, body: { notifications: mine.map(notificationView), next: page.next } };
});
