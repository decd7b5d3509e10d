import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** The area's own links (the header shows one entry for supervision; the register, the grievances, the bad reviews and the green-channel projects are reached from here). */
export function SubNav() {
  const { t } = useTranslation('supervision');
  return (
    <nav className="supervision-subnav" aria-label={t('areaNav')}>
      <ul>
        <li>
          <NavLink to="/supervision" end>
            {t('dashboard')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/supervision/accountability">{t('register')}</NavLink>
        </li>
        <li>
          <NavLink to="/supervision/grievances" end>
            {t('grievancesNav')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/supervision/ratings" end>
            {t('badReviewsNav')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/supervision/projects">{t('projectsNav')}</NavLink>
        </li>
        {/* The accountability register's workflow (issue 16): the quarter's flags for public handling. */}
        <li>
          <NavLink to="/supervision/accountability/flags">{t('acc.flagsNav')}</NavLink>
        </li>
        {/* Official activity registry (issue 16 item 5). */}
        <li>
          <NavLink to="/supervision/activities">{t('activitiesNav')}</NavLink>
        </li>
        <li>
          <NavLink to="/supervision/enforcement">{t('enforcementNav')}</NavLink>
        </li>
        <li>
          <NavLink to="/supervision/visits">{t('visitsNav')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
