import { useId, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useDoctorSlots } from '@/features/scheduling/api/get-doctor-slots';
import { clinicDay, formatDay, formatTime } from '@/lib/datetime';

type SlotPickerProps = {
  doctorId: number;
  /** The chosen slot's start (ISO), or null. */
  value: string | null;
  onChange: (start: string | null) => void;
  initialDate?: string;
};

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Pick a day, then one of the doctor's free times on it (clinic time). */
export function SlotPicker({ doctorId, value, onChange, initialDate }: SlotPickerProps) {
  const today = clinicDay();
  const [date, setDate] = useState(initialDate ?? today);
  const slots = useDoctorSlots(doctorId, date);
  const groupName = useId();

  function changeDate(next: string) {
    setDate(next);
    onChange(null);
  }

  return (
    <div className="slot-picker">
      <div className="slot-picker-day">
        <DateField
          label="Day"
          value={date}
          onChange={(day) => {
            if (day) {
              changeDate(day < today ? today : day);
            }
          }}
        />
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={date <= today}
            onClick={() => {
              changeDate(shiftDay(date, -1));
            }}
          >
            Previous day
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              changeDate(shiftDay(date, 1));
            }}
          >
            Next day
          </button>
        </div>
      </div>

      {slots.isPending && <Loading label="Loading free times…" />}
      {slots.isError && <ErrorMessage error={slots.error} action="load the free times" />}
      {slots.isSuccess && (
        <fieldset className="fieldset">
          <legend>
            Free times on {formatDay(date)} ({slots.data.time_zone} time)
          </legend>
          {slots.data.slots.length === 0 ? (
            <p>No free times on this day. Try another day.</p>
          ) : (
            <div className="slots">
              {slots.data.slots.map((slot) => {
                const label = formatTime(slot.start, slots.data.time_zone);
                return (
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
                    <span>{label}</span>
                  </label>
                );
              })}
            </div>
          )}
        </fieldset>
      )}
    </div>
  );
}
