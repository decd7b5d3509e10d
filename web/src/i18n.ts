import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { text as applicant } from './applicant/text.ts';
import { text as appraisal } from './appraisal/text.ts';
import { text as common } from './common-text.ts';
import { text as consoleText } from './console/text.ts';
import { text as enforcement } from './enforcement/text.ts';
import { text as grievances } from './grievances/text.ts';
import { text as projects } from './projects/text.ts';
import { text as publicText } from './public/text.ts';
import { text as staff } from './staff/text.ts';
import { text as supervision } from './supervision/text.ts';

/**
 * Chinese by default; English when the browser prefers it (`navigator.languages`) or the visitor chooses it with the
 * switch in the header (remembered in localStorage), or `?lang=en`. One namespace per area of the site, each in its
 * own `text.ts`, so the pages' words live beside the pages.
 */
const areas = {
  common,
  public: publicText,
  applicant,
  staff,
  supervision,
  grievances,
  projects,
  console: consoleText,
  // Law-enforcement inspections (issue 16 item 4)
  enforcement,
  // Official activities and the year-end appraisal (issue 16 items 5–6)
  appraisal,
};

export const languages = ['zh', 'en'] as const;
export type Language = (typeof languages)[number];

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      zh: Object.fromEntries(Object.entries(areas).map(([ns, t]) => [ns, t.zh])),
      en: Object.fromEntries(Object.entries(areas).map(([ns, t]) => [ns, t.en])),
    },
    ns: Object.keys(areas),
    defaultNS: 'common',
    fallbackLng: 'zh',
    supportedLngs: languages,
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    detection: {
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: 'xiaoneng.language',
      caches: ['localStorage'],
    },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });

/** The page's language as one of ours ('zh-CN' and 'zh' are Chinese, 'en-GB' English). */
export function language(): Language {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'zh';
}

/** A `{zh, en}` text of the API in the page's language (the API's bilingual fields). */
export function pick(text: { zh: string; en?: string } | string | undefined): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return language() === 'en' ? (text.en ?? text.zh) : text.zh;
}

export default i18n;
