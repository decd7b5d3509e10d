import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../case-types.ts';
import { eventLabel } from '../labels.ts';
import './staff.css';

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
