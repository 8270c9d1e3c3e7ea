import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { type Availability, useAvailability } from '@/features/scheduling/api/get-availability';
import { type Slot, useDoctorSlots } from '@/features/scheduling/api/get-doctor-slots';
import { CLINIC_LOCALE, clinicDay, formatDay, formatTime } from '@/lib/datetime';

type SlotPickerProps = {
  doctorId: number;
  /** The chosen slot's start (ISO), or null. */
  value: string | null;
  onChange: (start: string | null) => void;
  initialDate?: string;
};

type DayState = 'past' | 'free' | 'off' | 'full';

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday, as the availability rules count. */
function weekday(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

function mondayOf(day: string): string {
  return shiftDay(day, -weekday(day));
}

/** The doctor does not work that day: a day off, or a weekday without hours and no extra ones. */
function isDayOff(availability: Availability | undefined, day: string): boolean {
  if (!availability) {
    return false;
  }
  const exceptions = availability.exceptions.filter((item) => item.date === day);
  if (exceptions.some((item) => item.kind === 'off')) {
    return true;
  }
  const works = availability.rules.some((rule) => rule.weekday === weekday(day));
  return !works && !exceptions.some((item) => item.kind === 'extra');
}

function short(day: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(CLINIC_LOCALE, { ...options, timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

const STATE_TEXT: Record<DayState, (free: number) => string> = {
  past: () => 'Past',
  free: (free) => `${String(free)} free`,
  off: () => 'Day off',
  full: () => 'No free times',
};

/** A week of the doctor's days, those with free times marked; then one of the chosen day's times. */
export function SlotPicker({ doctorId, value, onChange, initialDate }: SlotPickerProps) {
  const today = clinicDay();
  const [date, setDate] = useState(initialDate && initialDate > today ? initialDate : today);
  const monday = mondayOf(date);
  const days = Array.from({ length: 7 }, (_, index) => shiftDay(monday, index));
  const sunday = days[6] ?? monday;
  const slots = useDoctorSlots(doctorId, monday < today ? today : monday, sunday);
  const availability = useAvailability(doctorId);
  const groupName = useId();
  const dayButtons = useRef(new Map<string, HTMLButtonElement>());
  // The day a key moved to: its button takes the focus once it is on screen (maybe a new week).
  const focusDay = useRef<string | null>(null);
  useEffect(() => {
    if (focusDay.current !== null) {
      dayButtons.current.get(focusDay.current)?.focus();
      focusDay.current = null;
    }
  });

  const byDay = new Map<string, Slot[]>();
  for (const slot of slots.data?.slots ?? []) {
    const day = clinicDay(0, new Date(slot.start));
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }

  function stateOf(day: string): DayState {
    if (day < today) {
      return 'past';
    }
    if ((byDay.get(day) ?? []).length > 0) {
      return 'free';
    }
    return isDayOff(availability.data, day) ? 'off' : 'full';
  }

  function changeDate(next: string) {
    setDate(next < today ? today : next);
    onChange(null);
  }

  /** Arrow keys move between the days (and on to the next or previous week), as in a calendar. */
  function onDayKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const moves: Partial<Record<string, number>> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -7,
      ArrowDown: 7,
      Home: -index,
      End: 6 - index,
    };
    const move = moves[event.key];
    if (move === undefined) {
      return;
    }
    event.preventDefault();
    const next = shiftDay(date, move);
    if (next < today) {
      return;
    }
    focusDay.current = next;
    changeDate(next);
  }

  const chosen = byDay.get(date) ?? [];
  const chosenState = stateOf(date);
  const timeZone = slots.data?.time_zone;

  return (
    <div className="slot-picker">
      <div className="slot-picker-day">
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={monday <= today}
            onClick={() => {
              changeDate(shiftDay(date, -7));
            }}
          >
            Previous week
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              changeDate(shiftDay(date, 7));
            }}
          >
            Next week
          </button>
        </div>
        <DateField
          label="Day"
          value={date}
          onChange={(day) => {
            if (day) {
              changeDate(day);
            }
          }}
        />
      </div>

      <h3 className="week-heading" aria-live="polite">
        Week of {formatDay(monday)}
      </h3>
      {slots.isError && <ErrorMessage error={slots.error} action="load the free times" />}
      <ul className="week" aria-label="Days of the week" aria-busy={slots.isPending}>
        {days.map((day, index) => {
          const state = slots.isPending && day >= today ? null : stateOf(day);
          const free = (byDay.get(day) ?? []).length;
          const selected = day === date;
          const name = short(day, { weekday: 'short' });
          const shortDate = short(day, { day: 'numeric', month: 'short' });
          const stateText = state ? STATE_TEXT[state](free) : 'loading';
          return (
            <li key={day}>
              <button
                type="button"
                ref={(element) => {
                  if (element) {
                    dayButtons.current.set(day, element);
                  } else {
                    dayButtons.current.delete(day);
                  }
                }}
                className={`week-day week-day-${state ?? 'loading'}`}
                aria-pressed={selected}
                // The parts are stacked boxes; the name says them as one phrase.
                aria-label={`${name} ${shortDate}, ${stateText}`}
                tabIndex={selected ? 0 : -1}
                disabled={state === 'past'}
                onClick={() => {
                  changeDate(day);
                }}
                onKeyDown={(event) => {
                  onDayKey(event, index);
                }}
              >
                <span className="week-day-name">{name}</span>
                <span className="week-day-date">{shortDate}</span>
                <span className="week-day-state">{stateText}</span>
              </button>
            </li>
          );
        })}
      </ul>

      {slots.isPending && <Loading label="Loading free times…" />}
      {slots.isSuccess && (
        <fieldset className="fieldset">
          <legend>
            Free times on {formatDay(date)} ({timeZone} time)
          </legend>
          {chosenState === 'off' && <p>This is a day off for the doctor. Choose another day.</p>}
          {chosenState === 'full' && <p>No free times on this day. Try another day.</p>}
          {chosen.length > 0 && (
            <div className="slots">
              {chosen.map((slot) => (
                <label key={slot.start} className="slot">
                  <input
                    type="radio"
                    name={groupName}
                    value={slot.start}
                    checked={value === slot.start}
                    onChange={() => {
                      onChange(slot.start);
                    }}
                  />
                  <span>{formatTime(slot.start, timeZone)}</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
    </div>
  );
}
