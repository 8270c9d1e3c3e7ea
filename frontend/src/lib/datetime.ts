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
