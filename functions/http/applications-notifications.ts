import { notificationsOfCase } from '../store/notifications.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsNotificationsRoute } from './routes/applications.ts';
import { notificationView } from './views.ts';

/** What a case told whom, in timeline order, for those who may read the case. */
export const handler = httpHandler(applicationsNotificationsRoute, async (request) => {
  requireIdentity(request);
  const { id } = request.path;
  const _found = await caseInReach(request, id);
  const list = await notificationsOfCase(id);
  return { status: 200, body: { caseId: id, notifications: list.map(notificationView) } };
});
