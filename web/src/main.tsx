import './styles.css';
import './i18n.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { nav as applicantNav, routes as applicantRoutes } from './applicant/routes.tsx';
import { nav as appraisalNav, routes as appraisalRoutes } from './appraisal/routes.tsx';
import { loadConfig } from './config.ts';
import { nav as consoleNav, routes as consoleRoutes } from './console/routes.tsx';
import { nav as enforcementNav, routes as enforcementRoutes } from './enforcement/routes.tsx';
import { nav as grievancesNav, routes as grievancesRoutes } from './grievances/routes.tsx';
import { Layout } from './layout.tsx';
import { nav as projectsNav, routes as projectsRoutes } from './projects/routes.tsx';
import { nav as publicNav, routes as publicRoutes } from './public/routes.tsx';
import { SignedInPage, SignInPage } from './signin/pages.tsx';
import { nav as staffNav, routes as staffRoutes } from './staff/routes.tsx';
import { nav as supervisionNav, routes as supervisionRoutes } from './supervision/routes.tsx';

const areaRoutes = [
  ...publicRoutes,
  ...applicantRoutes,
  ...staffRoutes,
  ...supervisionRoutes,
  ...grievancesRoutes,
  ...projectsRoutes,
  ...consoleRoutes,
  // Law-enforcement inspections (issue 16 item 4)
  ...enforcementRoutes,
  // Official activities and the year-end appraisal (issue 16 items 5–6)
  ...appraisalRoutes,
];
const nav = [
  ...publicNav,
  ...applicantNav,
  ...staffNav,
  ...supervisionNav,
  ...grievancesNav,
  ...enforcementNav,
  ...projectsNav,
  ...consoleNav,
  // Official activities and the year-end appraisal (issue 16 items 5–6)
  ...appraisalNav,
];

function NotFound() {
  const { t } = useTranslation();
  return <h1>{t('notFound')}</h1>;
}

function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout nav={nav} />}>
          {areaRoutes.map((route) => (
            <Route key={route.path} path={route.path} element={route.element} />
          ))}
          <Route path="/login" element={<SignInPage />} />
          <Route path="/signed-in" element={<SignedInPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

void loadConfig().then(() => {
  const root = document.getElementById('root');
  if (root)
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
});
