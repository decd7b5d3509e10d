import { useTranslation } from 'react-i18next';

/** `2d 03:04:05` or `03:04:05` from a number of milliseconds (its absolute value). */
export function spell(ms: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? t('countdown.days', { count: days, hms }) : hms;
}

/**
 * The time left to a limit, by the SERVER's now (the caller passes `useServerNow()`: the local clock is simulated and
 * may be weeks ahead of the browser's). Calendar time to the instant, beside the working days the API counts.
 * Not a live region: a screen reader would hear it every second.
 */
export function Countdown(props: { until: string | null | undefined; now: number }) {
  const { t } = useTranslation('staff');
  if (!props.until) return <span className="staff-countdown none">{t('countdown.none')}</span>;
  const left = Date.parse(props.until) - props.now;
  const time = spell(left, t);
  return (
    <span className={`staff-countdown${left <= 0 ? ' over' : ''}`} role="timer" data-ms={left}>
      {left > 0 ? t('countdown.left', { time }) : t('countdown.over', { time })}
    </span>
  );
}
