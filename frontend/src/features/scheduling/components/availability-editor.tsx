import { type SubmitEvent, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, SelectField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import type {
  Availability,
  AvailabilityException,
  AvailabilityRule,
} from '@/features/scheduling/api/get-availability';
import { useUpdateAvailability } from '@/features/scheduling/api/update-availability';
import { clinicDay } from '@/lib/datetime';
import { fieldErrorsOf, otherFieldErrors } from '@/lib/form-errors';
import type { Schemas } from '@/types/api';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_OPTIONS = WEEKDAYS.map((label, index) => ({ value: String(index), label }));
const KIND_OPTIONS = [
  { value: 'off', label: 'Day off' },
  { value: 'extra', label: 'Extra hours' },
];

/** The API answers HH:MM:SS; time inputs and the API both take HH:MM. */
const hhmm = (time: string | null | undefined) => (time ?? '').slice(0, 5);

type Props = { doctorId: number; availability: Availability };

/** Weekly hours and dated exceptions, saved together (the API replaces them atomically). */
export function AvailabilityEditor({ doctorId, availability }: Props) {
  const [rules, setRules] = useState<AvailabilityRule[]>(availability.rules);
  const [exceptions, setExceptions] = useState<AvailabilityException[]>(availability.exceptions);
  const [saved, setSaved] = useState(false);
  const update = useUpdateAvailability(doctorId, {
    onSuccess: () => {
      setSaved(true);
    },
  });
  const errors = fieldErrorsOf(update.error);

  function changeRule(index: number, change: Partial<AvailabilityRule>) {
    setRules(rules.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  }

  function changeException(index: number, change: Partial<AvailabilityException>) {
    setExceptions(exceptions.map((item, i) => (i === index ? { ...item, ...change } : item)));
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    update.mutate({
      rules: rules.map((rule) => ({
        weekday: rule.weekday,
        start_time: hhmm(rule.start_time),
        end_time: hhmm(rule.end_time),
        slot_minutes: rule.slot_minutes,
      })),
      exceptions: exceptions.map((item) =>
        item.kind === 'off'
          ? { date: item.date, kind: 'off' }
          : {
              date: item.date,
              kind: 'extra',
              start_time: hhmm(item.start_time),
              end_time: hhmm(item.end_time),
              slot_minutes: item.slot_minutes ?? 15,
            },
      ),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form form-wide">
      {saved && (
        <p role="status" className="alert alert-success">
          Your availability has been saved.
        </p>
      )}
      {update.error && <ErrorMessage error={update.error} action="save the availability" />}

      <fieldset className="fieldset">
        <legend>Weekly hours ({availability.time_zone} time)</legend>
        {rules.length === 0 && <p className="muted">No weekly hours: nobody can book you.</p>}
        {rules.map((rule, index) => {
          const n = String(index + 1);
          const at = `rules.${String(index)}`;
          return (
            <div className="rule-row" role="group" aria-label={`Weekly hours ${n}`} key={index}>
              <SelectField
                label={`Day (hours ${n})`}
                value={String(rule.weekday)}
                options={WEEKDAY_OPTIONS}
                errors={errors[`${at}.weekday`]}
                onChange={(event) => {
                  changeRule(index, {
                    weekday: Number(event.target.value) as Schemas['WeekdayEnum'],
                  });
                }}
              />
              <TextField
                label={`From (hours ${n})`}
                type="time"
                value={hhmm(rule.start_time)}
                errors={errors[`${at}.start_time`]}
                onChange={(event) => {
                  changeRule(index, { start_time: event.target.value });
                }}
              />
              <TextField
                label={`Until (hours ${n})`}
                type="time"
                value={hhmm(rule.end_time)}
                errors={errors[`${at}.end_time`]}
                onChange={(event) => {
                  changeRule(index, { end_time: event.target.value });
                }}
              />
              <TextField
                label={`Slot minutes (hours ${n})`}
                type="number"
                min={5}
                max={240}
                value={String(rule.slot_minutes)}
                errors={errors[`${at}.slot_minutes`]}
                onChange={(event) => {
                  changeRule(index, { slot_minutes: Number(event.target.value) });
                }}
              />
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setRules(rules.filter((_, i) => i !== index));
                }}
              >
                Remove hours {n}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setRules([
              ...rules,
              { weekday: 0, start_time: '09:00', end_time: '12:00', slot_minutes: 15 },
            ]);
          }}
        >
          Add weekly hours
        </button>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Days off and extra hours</legend>
        {exceptions.length === 0 && <p className="muted">No exceptions from today on.</p>}
        {exceptions.map((item, index) => {
          const n = String(index + 1);
          const at = `exceptions.${String(index)}`;
          return (
            <div className="rule-row" role="group" aria-label={`Exception ${n}`} key={index}>
              <DateField
                label={`Date (exception ${n})`}
                value={item.date}
                errors={errors[`${at}.date`]}
                onChange={(day) => {
                  changeException(index, { date: day });
                }}
              />
              <SelectField
                label={`Kind (exception ${n})`}
                value={item.kind}
                options={KIND_OPTIONS}
                errors={errors[`${at}.kind`]}
                onChange={(event) => {
                  changeException(index, {
                    kind: event.target.value as Schemas['ExceptionKindEnum'],
                  });
                }}
              />
              {item.kind === 'extra' && (
                <>
                  <TextField
                    label={`From (exception ${n})`}
                    type="time"
                    value={hhmm(item.start_time)}
                    errors={errors[`${at}.start_time`]}
                    onChange={(event) => {
                      changeException(index, { start_time: event.target.value });
                    }}
                  />
                  <TextField
                    label={`Until (exception ${n})`}
                    type="time"
                    value={hhmm(item.end_time)}
                    errors={errors[`${at}.end_time`]}
                    onChange={(event) => {
                      changeException(index, { end_time: event.target.value });
                    }}
                  />
                </>
              )}
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setExceptions(exceptions.filter((_, i) => i !== index));
                }}
              >
                Remove exception {n}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setExceptions([...exceptions, { date: clinicDay(1), kind: 'off' }]);
          }}
        >
          Add a day off or extra hours
        </button>
      </fieldset>

      <FormErrors messages={otherFieldErrors(errors, ['rules', 'exceptions'])} />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save availability'}
      </button>
    </form>
  );
}
