import { describe, expect, it } from 'vitest';
import { policies } from '../../functions/domain/duty.ts';
import { routes } from '../../functions/http/routes.ts';
import { SuspendBody } from '../../functions/http/schemas.ts';

// The approval policy (functions/domain/duty.ts) says who approves an extension and why a clock may pause; the routes
// must say the same, or the policy is documentation that can drift.
describe('the routes carry out the approval policy', () => {
  const route = (path: string) => routes.find((r) => r.method === 'POST' && r.path === path);

  it('lets exactly the policy’s approver approve an extension', () => {
    const approve = route('/v1/applications/{id}/extension/approve');
    if (!approve) throw new Error('no extension approval route');
    expect(Object.keys((approve.access as { roles: object }).roles)).toEqual([
      policies.APPROVAL.extensions?.approvedBy,
    ]);
  });

  it('lets exactly the grievance policy’s approver (supervision) approve a grievance’s extension', () => {
    const approve = route('/v1/grievances/{id}/extension/approve');
    if (!approve) throw new Error('no grievance extension approval route');
    expect(Object.keys((approve.access as { roles: object }).roles)).toEqual([
      policies.GRIEVANCE_HANDLE.extensions?.approvedBy,
    ]);
  });

  it('pauses for exactly the policy’s reasons', () => {
    for (const reason of policies.APPROVAL.pauseReasons) {
      expect(SuspendBody.safeParse({ reason, expectedWorkingDays: 1 }).success, reason).toBe(true);
    }
    expect(SuspendBody.safeParse({ reason: 'LUNCH', expectedWorkingDays: 1 }).success).toBe(false);
  });

  it('pauses and extends only the approval clock: the intake review allows neither, and no route names it', () => {
    expect(policies.INTAKE_REVIEW.pauseReasons).toEqual([]);
    expect(policies.INTAKE_REVIEW.extensions).toBeNull();
    const moving = routes.filter(
      (r) => r.path.startsWith('/v1/applications/') && /\/(suspend|resume|extension)/.test(r.path),
    );
    expect(moving.map((r) => r.function).sort()).toEqual([
      'applicationsExtension',
      'applicationsExtensionApprove',
      'applicationsResume',
      'applicationsSuspend',
    ]);
  });
});
