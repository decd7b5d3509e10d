import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { ProblemView } from '../components/Status.tsx';
import { config } from '../config.ts';
import { pick } from '../i18n.ts';
import { roleHome, type Session, signInWith } from '../session.ts';
import { sitePath } from '../site-config.ts';
import { finishCognitoSignIn, startCognitoSignIn } from './cognito.ts';

const ROLES: readonly Session['role'][] = [
  'applicant',
  'clerk',
  'reviewer',
  'head',
  'supervisor',
  'admin',
  'representative',
];
/** A representative's kind (docs/supervision.md): the local sign-in puts it on the token as `kind`. */
const KINDS = ['NPC_DEPUTY', 'CPPCC_MEMBER', 'ENTERPRISE', 'CITIZEN'] as const;
const DEPARTMENT_ROLES: readonly Session['role'][] = ['clerk', 'reviewer', 'head'];

interface DepartmentsAnswer {
  departments: { id: string; name: { zh: string; en?: string } | string }[];
}

/**
 * `/login`: locally a form that picks a role, department and subject and goes to the runtime's `/login?role=…`
 * (local/site.ts signs the token); deployed, straight to the Cognito hosted UI.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = params.get('next') ?? '';
  const auth = config().auth;
  const [role, setRole] = useState<Session['role']>('applicant');
  const [department, setDepartment] = useState('');
  const [sub, setSub] = useState('');
  const [kind, setKind] = useState<string>('CITIZEN');
  const departments = useApi<DepartmentsAnswer>(auth.mode === 'local' ? '/v1/departments' : undefined, {
    anonymous: true,
  });
  useEffect(() => {
    if (auth.mode === 'cognito') void startCognitoSignIn(auth, next);
  }, [auth, next]);
  if (auth.mode === 'cognito') return <p>{t('signingIn')}</p>;
  const needsDepartment = DEPARTMENT_ROLES.includes(role);
  const target = new URLSearchParams({
    role,
    ...(needsDepartment && department ? { department } : {}),
    ...(sub ? { sub } : {}),
    ...(role === 'representative' ? { kind } : {}),
    ...(next ? { next } : {}),
  });
  return (
    <section className="narrow">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInHelp')}</p>
      <form
        method="get"
        action="/login"
        onSubmit={(event) => {
          event.preventDefault();
          window.location.assign(`/login?${target}`);
        }}
      >
        <label>
          {t('role')}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Session['role'])}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {needsDepartment ? (
          <label>
            {t('department')}
            <select name="department" required value={department} onChange={(e) => setDepartment(e.target.value)}>
              <option value="" />
              {(departments.data?.departments ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {pick(d.name)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {role === 'representative' ? (
          <label>
            {t('representativeKind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`representativeKinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t('subject')}
          <input name="sub" value={sub} placeholder={`web-${role}`} onChange={(e) => setSub(e.target.value)} />
        </label>
        <button type="submit">{t('signInButton')}</button>
      </form>
    </section>
  );
}

/**
 * `/signed-in`: where a sign-in lands. Locally the token comes in the URL's fragment (`#token=…&home=…`, never sent
 * to a server); from Cognito as `?code=…` to exchange. The fragment is removed from the address bar and history.
 */
export function SignedInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    const auth = config().auth;
    const url = new URL(window.location.href);
    const finish = (token: string, home: string | null) => {
      const session = signInWith(token);
      if (!session) throw new Error('the token could not be read');
      navigate(sitePath(home) ?? roleHome[session.role], { replace: true });
    };
    (async () => {
      if (auth.mode === 'cognito') {
        const { token, next } = await finishCognitoSignIn(auth, url);
        finish(token, next);
      } else {
        const fragment = new URLSearchParams(url.hash.slice(1));
        const token = fragment.get('token');
        if (!token) throw new Error('no token in the address');
        finish(token, fragment.get('home'));
      }
    })().catch((error: unknown) => setFailure(String(error)));
  }, [navigate]);
  if (failure)
    return <ProblemView problem={{ status: 401, title: t('signInFailed'), detail: failure, errors: [] } as never} />;
  return <p>{t('signingIn')}</p>;
}
