import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useSearchParams } from 'react-router';
import type { NavEntry } from './areas.ts';
import { config } from './config.ts';
import i18n, { language } from './i18n.ts';
import { signOut, useSession } from './session.ts';
import { cognitoLogoutUrl } from './signin/cognito.ts';

/**
 * Every page's frame: the centre's name, the links the visitor's role may use, the language switch and sign-in.
 * `?kiosk=1` (the hall's 1080p touch screens) turns on the kiosk layout for the tab: larger type and targets, no
 * sign-in, no header links a passer-by should not follow.
 */
export function Layout(props: { nav: readonly NavEntry[] }) {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const kiosk = params.get('kiosk') === '1' || sessionStorage.getItem('xiaoneng.kiosk') === '1';
  const lang = language();
  useEffect(() => {
    if (params.get('kiosk') === '1') sessionStorage.setItem('xiaoneng.kiosk', '1');
    if (params.get('kiosk') === '0') sessionStorage.removeItem('xiaoneng.kiosk');
  }, [params]);
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.body.classList.toggle('kiosk', kiosk);
  }, [lang, kiosk]);
  const local = config().auth.mode === 'local';
  const links = props.nav.filter(
    (entry) =>
      (!entry.localOnly || local) &&
      (entry.roles.includes('public') || (session && entry.roles.includes(session.role))) &&
      (!kiosk || entry.roles.includes('public')),
  );
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          {t('centre')}
        </Link>
        <nav aria-label="main">
          <ul>
            {links.map((entry) => (
              <li key={entry.to}>
                <NavLink
                  to={entry.to}
                  // `/staff` is not active on `/staff/inbox` when `/staff/inbox` has its own link.
                  end={entry.to === '/' || links.some((o) => o !== entry && o.to.startsWith(`${entry.to}/`))}
                >
                  {t(`nav.${entry.label}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <button
            type="button"
            className="language"
            aria-label={t('languageLabel')}
            lang={lang === 'en' ? 'zh-CN' : 'en'}
            onClick={() => void i18n.changeLanguage(lang === 'en' ? 'zh' : 'en')}
          >
            {t('language')}
          </button>
          {kiosk ? null : session ? (
            <>
              <span className="who">{t('signedInAs', { role: t(`roles.${session.role}`), sub: session.sub })}</span>
              <button
                type="button"
                onClick={() => {
                  signOut();
                  // Cognito keeps its own session (about an hour): on a shared screen the next person would be signed
                  // in as this one by the hosted UI. End it too.
                  const auth = config().auth;
                  if (auth.mode === 'cognito') window.location.assign(cognitoLogoutUrl(auth));
                }}
              >
                {t('signOut')}
              </button>
            </>
          ) : (
            <Link to="/login">{t('signIn')}</Link>
          )}
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
      <footer className="site-footer">{t('footer')}</footer>
    </>
  );
}
