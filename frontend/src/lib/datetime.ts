import { env } from '@/config/env';

/** Slots are computed in the clinic's time zone, so times are shown in it too, labelled. */
export const CLINIC_TIME_ZONE = env.clinicTimeZone;

function format(iso: string, options: Intl.DateTimeFormatOptions, timeZone = CLINIC_TIME_ZONE) {
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(new Date(iso));
}

export function formatTime(iso: string, timeZone?: string): string {
  return format(iso, { hour: '2-digit', minute: '2-digit' }, timeZone);
}

export function formatDate(iso: string, timeZone?: string): string {
  return format(
    iso,
    { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
    timeZone,
  );
}

export function formatDateTime(iso: string, timeZone?: string): string {
  return `${formatDate(iso, timeZone)}, ${formatTime(iso, timeZone)}`;
}

/** A date (YYYY-MM-DD) as a long, readable day: "Monday 2 March 2026". */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', {
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
