import { useTranslation } from 'react-i18next';
import { language } from '../i18n.ts';
import './staff.css';

/** One event of a case's timeline as the API gives it (GET /v1/applications/{id}: `timeline`). */
export interface TimelineEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
  readonly hash?: string;
}

/**
 * The words for every event type this version writes (functions/domain/timeline.ts `timelineEventTypes`). Kept here,
 * beside the component, so any area that shows a timeline (the supervision case page) reads the same words without
 * depending on the staff namespace. A type an older version wrote is shown as it is stored.
 */
export const timelineEventLabels: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  RECEIVED: { zh: '收件', en: 'Papers received' },
  MATERIALS_REQUIRED: { zh: '一次性告知补正材料', en: 'One-time notice of missing materials' },
  REPEATED_NOTICE: { zh: '再次告知（异常）', en: 'Repeated notice (anomaly)' },
  ACCEPTED: { zh: '受理', en: 'Accepted' },
  DEEMED_ACCEPTED: { zh: '逾期未答复，视为受理', en: 'Deemed accepted (no answer in the review period)' },
  SUSPENDED: { zh: '暂停计时', en: 'Paused' },
  RESUMED: { zh: '恢复计时', en: 'Resumed' },
  EXTENSION_REQUESTED: { zh: '申请延期', en: 'Extension requested' },
  EXTENDED: { zh: '批准延期', en: 'Extension approved' },
  YELLOW_WARNING: { zh: '黄灯预警', en: 'Yellow warning' },
  APPROVED: { zh: '准予许可', en: 'Approved' },
  REJECTED: { zh: '不予许可', en: 'Rejected' },
  DEEMED_APPROVED: { zh: '超时默认许可', en: 'Deemed approved (deadline passed)' },
  OVERDUE: { zh: '超期督办', en: 'Overdue, under supervision' },
  RED_CARD: { zh: '红牌', en: 'Red card' },
  WITHDRAWN: { zh: '申请人撤回', en: 'Withdrawn by the applicant' },
  REVOKED: { zh: '撤销默认许可', en: 'Deemed approval revoked' },
  DEEMED_APPROVAL_CONFIRMED: { zh: '确认默认许可', en: 'Deemed approval confirmed' },
};

/** An event type in the page's language (the stored type itself for one this version does not know). */
export function eventLabel(type: string): string {
  const label = timelineEventLabels[type];
  if (!label) return type;
  return language() === 'en' ? label.en : label.zh;
}

/** An instant in China-local time (Asia/Shanghai), whatever the browser's zone: `2026-09-28 10:00:05`. */
export function chinaTime(iso: string, withSeconds = true): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}${withSeconds ? `:${get('second')}` : ''}`;
  return `${get('year')}-${get('month')}-${get('day')} ${time}`;
}

/**
 * A case's timeline, oldest first: when (China-local), what (in words, the stored type beside it), who, the note,
 * and the start of each event's hash (the tamper-evident chain: docs/tamper-evidence.md).
 */
export function Timeline(props: { events: readonly TimelineEvent[]; heading?: string }) {
  const { t } = useTranslation('staff');
  return (
    <section className="staff-timeline" aria-label={props.heading ?? t('timeline.heading')}>
      <ol>
        {props.events.map((event, index) => (
          <li key={event.hash ?? `${index}:${event.at}`} data-type={event.type}>
            <time dateTime={event.at}>{chinaTime(event.at)}</time>
            <strong className="staff-event-type">{eventLabel(event.type)}</strong>
            <code className="staff-event-code">{event.type}</code>
            <span className="staff-event-by">
              {t('timeline.by')} {event.by}
            </span>
            {event.note ? <span className="staff-event-note">{event.note}</span> : null}
            {event.hash ? (
              <code className="staff-event-hash" title={event.hash}>
                {t('timeline.hash')} {event.hash.slice(0, 12)}
              </code>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
