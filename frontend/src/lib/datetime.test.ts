import { describe, expect, it, vi } from 'vitest';

import {
  DATE_INPUT_FORMAT,
  formatCalendarDate,
  formatDateInput,
  parseDateInput,
} from '@/lib/datetime';

describe('dates typed the clinic’s way (en-GB)', () => {
  it('writes a date as the clinic types it', () => {
    expect(DATE_INPUT_FORMAT).toBe('dd/mm/yyyy');
    expect(formatDateInput('2027-03-01')).toBe('01/03/2027');
    expect(formatDateInput('')).toBe('');
  });

  it('reads day, month and year in that order, with any separator, and ISO dates', () => {
    expect(parseDateInput('01/03/2027')).toBe('2027-03-01');
    expect(parseDateInput(' 1.3.2027 ')).toBe('2027-03-01');
    expect(parseDateInput('1 3 2027')).toBe('2027-03-01');
    expect(parseDateInput('2027-03-01')).toBe('2027-03-01');
    expect(parseDateInput('29/02/2028')).toBe('2028-02-29');
  });

  it('refuses what is not a day of the calendar', () => {
    for (const text of ['', '31/02/2027', '29/02/2027', '13/13/2027', '01/03/27', '1/3', 'soon']) {
      expect(parseDateInput(text)).toBeNull();
    }
  });

  it('round-trips with the displayed date', () => {
    const day = parseDateInput(formatDateInput('2026-12-31'));
    expect(day).toBe('2026-12-31');
    expect(formatCalendarDate(day ?? '')).toBe('Thu, 31 Dec 2026');
  });
});

describe('dates typed in another clinic locale', () => {
  it('follows the locale’s order and separator (en-US, de-DE)', async () => {
    for (const [locale, format, typed] of [
      ['en-US', 'mm/dd/yyyy', '03/01/2027'],
      ['de-DE', 'dd.mm.yyyy', '01.03.2027'],
    ] as const) {
      vi.stubEnv('VITE_CLINIC_LOCALE', locale);
      vi.resetModules();
      const datetime = await import('@/lib/datetime');
      expect(datetime.DATE_INPUT_FORMAT).toBe(format);
      expect(datetime.formatDateInput('2027-03-01')).toBe(typed);
      expect(datetime.parseDateInput(typed)).toBe('2027-03-01');
    }
    vi.unstubAllEnvs();
    vi.resetModules();
  });
});
