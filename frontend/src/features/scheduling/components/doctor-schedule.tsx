import { type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router';

import { DateField } from '@/components/form/date-field';
import { SelectField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import {
  type AppointmentFilters,
  type AppointmentStatus,
  useAppointments,
} from '@/features/scheduling/api/get-appointments';
import { ScheduleEntry } from '@/features/scheduling/components/schedule-entry';
import { STATUS_OPTIONS } from '@/features/scheduling/status';
import { clinicDay, formatDay } from '@/lib/datetime';
import { formText } from '@/lib/form-errors';

const PAGE_SIZE = 25;
// New bookings and cancellations show up without a reload.
const REFRESH_MS = 30_000;

function filtersFrom(params: URLSearchParams): AppointmentFilters {
  const page = Number(params.get('page'));
  const doctor = Number(params.get('doctor'));
  return {
    ...(Number.isInteger(doctor) && doctor > 0 ? { doctor } : {}),
    date_from: params.get('date_from') ?? clinicDay(),
    date_to: params.get('date_to') ?? clinicDay(),
    status: (params.get('status') as AppointmentStatus | null) ?? undefined,
    search: params.get('patient') ?? undefined,
    ordering: 'start',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    page_size: PAGE_SIZE,
  };
}

type ScheduleProps = {
  /** Admins see every doctor's appointments and may filter by doctor. */
  doctors?: readonly { id: number; full_name: string }[];
};

/**
 * A schedule: the signed-in doctor's own (the API returns only theirs), or, given `doctors`,
 * every appointment of the clinic for an admin.
 */
export function DoctorSchedule({ doctors }: ScheduleProps) {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const appointments = useAppointments(filters, { refetchInterval: REFRESH_MS });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['date_from', 'date_to', 'status', 'patient', 'doctor']) {
      const value = formText(form, name);
      if (value) {
        next.set(name, value);
      }
    }
    setParams(next);
  }

  const range =
    filters.date_from === filters.date_to
      ? formatDay(filters.date_from ?? '')
      : `${formatDay(filters.date_from ?? '')} to ${formatDay(filters.date_to ?? '')}`;

  return (
    <>
      <form
        onSubmit={submit}
        className="filters filters-wide"
        aria-label="Filter the schedule"
        key={params.toString()}
      >
        <DateField label="From" name="date_from" defaultValue={filters.date_from} />
        <DateField label="To" name="date_to" defaultValue={filters.date_to} />
        <SelectField
          label="Status"
          name="status"
          defaultValue={filters.status ?? ''}
          options={STATUS_OPTIONS}
        />
        <TextField
          label="Patient"
          name="patient"
          type="search"
          defaultValue={filters.search ?? ''}
        />
        {doctors && (
          <SelectField
            label="Doctor"
            name="doctor"
            defaultValue={filters.doctor ? String(filters.doctor) : ''}
            options={[
              { value: '', label: 'Every doctor' },
              ...doctors.map((doctor) => ({ value: String(doctor.id), label: doctor.full_name })),
            ]}
          />
        )}
        <div className="button-row">
          <button type="submit" className="button">
            Show
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setParams(new URLSearchParams({ date_from: clinicDay(), date_to: clinicDay(6) }));
            }}
          >
            Next 7 days
          </button>
        </div>
      </form>

      {appointments.isPending && <Loading label="Loading the schedule…" />}
      {appointments.isError && (
        <ErrorMessage error={appointments.error} action="load the schedule" />
      )}
      {appointments.isSuccess && (
        <section aria-labelledby="schedule-range">
          <h2 id="schedule-range">{range}</h2>
          <p role="status" className="muted">
            {appointments.data.count === 1
              ? '1 appointment'
              : `${String(appointments.data.count)} appointments`}
          </p>
          <ul className="appointments" aria-label="Appointments">
            {appointments.data.results.map((appointment) => (
              <ScheduleEntry
                key={appointment.id}
                appointment={appointment}
                canDocument={!doctors}
              />
            ))}
          </ul>
          <Pagination
            label="Schedule pages"
            page={filters.page ?? 1}
            count={appointments.data.count}
            pageSize={PAGE_SIZE}
            onPageChange={(page) => {
              const next = new URLSearchParams(params);
              next.set('page', String(page));
              setParams(next);
            }}
          />
        </section>
      )}
    </>
  );
}
