import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { type Session, useSession } from '../session.ts';

/**
 * A page for some roles: anyone else is asked to sign in (the API refuses them anyway; this only saves a round of
 * 401s and says what to do).
 */
export function RequireRole(props: { roles: readonly Session['role'][]; children: ReactNode }) {
  const session = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (!session || !props.roles.includes(session.role)) {
    return (
      <div className="problem" role="alert">
        <p>{t('needSignIn')}</p>
        <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>{t('signIn')}</Link>
      </div>
    );
  }
  return <>{props.children}</>;
}
