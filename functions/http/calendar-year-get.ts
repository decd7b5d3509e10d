import { addDays } from '../domain/time.ts';
import { freshCalendar, getYearCalendarRecord } from '../store/calendar.ts';
import { httpHandler } from './handler.ts';
import { calendarYearGetRoute } from './routes/calendar.ts';

/**
 * Public: the working-day calendar for a year — where it comes from, its days off and 调休 workdays. Read as stored
 * (uncached), so an administrator sees a load at once; deadlines adopt it within REFERENCE_TTL_MS (store/calendar.ts).
 */
export const handler = httpHandler(calendarYearGetRoute, async ({ path: { year } }) => {
  const calendar = await freshCalendar();
  const holidays: string[] = [];
  const workdays: string[] = [];
  let provisional = false;
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
    const info = calendar.dayInfo(day);
    provisional ||= info.provisional;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (!info.working && !weekend) holidays.push(day);
    if (info.working && weekend) workdays.push(day);
  }
  const loaded = await getYearCalendarRecord(year);
  return {
    status: 200,
    body: {
      year,
      provisional,
      source: loaded ? loaded.source : provisional ? 'provisional (weekends and fixed holidays only)' : 'built-in',
      loadedAt: loaded?.loadedAt ?? null,
      holidaysOnWeekdays: holidays,
      adjustedWorkdays: workdays,
    },
  };
});
