import i18n from './i18n.ts';

/**
 * A case status and a timeline event's type in the page's language, from the one set of words in `common`
 * (common-text.ts `statuses`, `events`), so every area names the same state the same way. A value this version does
 * not know (an older or newer API) is shown as it was sent. Call them while rendering a component that uses
 * `useTranslation`, so a language switch renders them again.
 */
export function statusLabel(status: string): string {
  return i18n.t(`statuses.${status}`, { ns: 'common', defaultValue: status });
}

export function eventLabel(type: string): string {
  return i18n.t(`events.${type}`, { ns: 'common', defaultValue: type });
}
