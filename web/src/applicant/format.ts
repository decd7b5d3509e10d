import { useTranslation } from 'react-i18next';
import { language } from '../i18n.ts';
import { statusLabel } from '../labels.ts';

/**
 * Dates and times as the centre keeps them — China time (Asia/Shanghai) whatever the browser's zone: a deadline is
 * the end of a working day in Dalian, not in the reader's laptop's zone.
 */
const zone = 'Asia/Shanghai';

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}

/** A calendar date of the centre (`YYYY-MM-DD`), with its weekday. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const at = new Date(`${date.slice(0, 10)}T12:00:00+08:00`);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(at);
}

/**
 * Why a material is listed on a notice, in the page's language: the API says `not submitted` or `defective: …` (the
 * clerk's words after the colon stay as written).
 */
export function useReason(): (reason: string) => string {
  const { t } = useTranslation('applicant');
  return (reason) => {
    if (reason === 'not submitted') return t('reasons.notSubmitted');
    const defect = /^defective: (.*)$/s.exec(reason);
    if (defect) return t('reasons.defective', { defect: defect[1] });
    return reason;
  };
}

/** The word for a case status, or the status as sent when this version does not know it. */
export function useStatusLabel(): (status: string) => string {
  useTranslation(); // renders again on a language switch
  return statusLabel;
}
