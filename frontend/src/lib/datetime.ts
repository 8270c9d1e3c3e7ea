import { env } from '@/config/env';

/** Slots are computed in the clinic's time zone, so times are shown in it too, labelled. */
export const CLINIC_TIME_ZONE = env.clinicTimeZone;
/** Every date and time in the app is written in this one locale, whatever the browser's. */
export const CLINIC_LOCALE = env.clinicLocale;

const DATE: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
};

function format(iso: string, options: Intl.DateTimeFormatOptions, timeZone = CLINIC_TIME_ZONE) {
  return new Intl.DateTimeFormat(CLINIC_LOCALE, { ...options, timeZone }).format(new Date(iso));
}

export function formatTime(iso: string, timeZone?: string): string {
  return format(iso, { hour: '2-digit', minute: '2-digit' }, timeZone);
}

export function formatDate(iso: string, timeZone?: string): string {
  return format(iso, DATE, timeZone);
}

export function formatDateTime(iso: string, timeZone?: string): string {
  return `${formatDate(iso, timeZone)}, ${formatTime(iso, timeZone)}`;
}

/** An instant to the second, as the audit log needs it: "Tue 2 Mar 2027, 08:30:05". */
export function formatTimestamp(iso: string): string {
  return `${formatDate(iso)}, ${format(iso, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
}

/** A calendar date (YYYY-MM-DD, no time: a birth date, a medication's start) as formatDate writes dates. */
export function formatCalendarDate(day: string): string {
  return new Intl.DateTimeFormat(CLINIC_LOCALE, { ...DATE, timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A date (YYYY-MM-DD) as a long, readable day: "Monday 2 March 2026". */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(CLINIC_LOCALE, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** Today's date (YYYY-MM-DD) in the clinic, `offset` days later. */
export function clinicDay(offset = 0, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CLINIC_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const date = new Date(`${parts}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

type DatePart = 'day' | 'month' | 'year';

/** How the clinic writes a date in numbers: the order of its parts and their separator. */
function numericDatePattern(): { order: DatePart[]; separator: string } {
  const parts = new Intl.DateTimeFormat(CLINIC_LOCALE, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(Date.UTC(2027, 11, 31)));
  const order = parts
    .map((part) => part.type)
    .filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
  const separator = parts.find((part) => part.type === 'literal')?.value ?? '/';
  return { order, separator };
}

const PATTERN = numericDatePattern();
const PLACEHOLDER: Record<DatePart, string> = { day: 'dd', month: 'mm', year: 'yyyy' };

/** The clinic's way of typing a date, for hints: "dd/mm/yyyy". */
export const DATE_INPUT_FORMAT = PATTERN.order
  .map((part) => PLACEHOLDER[part])
  .join(PATTERN.separator);

/** A calendar date (YYYY-MM-DD) as it is typed in the clinic: "31/12/2027"; '' stays ''. */
export function formatDateInput(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) {
    return day;
  }
  const [, year = '', month = '', date = ''] = match;
  const values: Record<DatePart, string> = { day: date, month, year };
  return PATTERN.order.map((part) => values[part]).join(PATTERN.separator);
}

/**
 * A typed date in the clinic's order ("31/12/2027", "31.12.2027", "31 12 2027", "1/2/2027"), or an
 * ISO date ("2027-12-31"), as YYYY-MM-DD; null when it is not a date of the calendar.
 */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim();
  let values: Partial<Record<DatePart, string>>;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (iso) {
    values = { year: iso[1], month: iso[2], day: iso[3] };
  } else {
    const groups = trimmed.split(/[\s./-]+/);
    if (groups.length !== 3 || !groups.every((group) => /^\d+$/.test(group))) {
      return null;
    }
    values = Object.fromEntries(PATTERN.order.map((part, index) => [part, groups[index]]));
  }
  const { year = '', month = '', day = '' } = values;
  if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) {
    return null;
  }
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  ) {
    return null;
  }
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
