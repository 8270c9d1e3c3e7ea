import { type SubmitEvent, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import {} from '@/components/form/field';
import { BarChart } from '@/components/ui/bar-chart';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { type StatsRange, useStats } from '@/features/stats/api/get-stats';
import { CLINIC_LOCALE, clinicDay, formatDay } from '@/lib/datetime';
import { formText } from '@/lib/form-errors';

const percent = (value: number | null) =>
  value === null ? 'no hours' : `${String(Math.round(value * 100))}%`;

const shortDay = (day: string) =>
  new Intl.DateTimeFormat(CLINIC_LOCALE, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));

/** The clinic overview: appointments per day, cancellations and no-shows, utilisation. */
export function ClinicStats() {
  const [range, setRange] = useState<StatsRange>({
    date_from: clinicDay(-28),
    date_to: clinicDay(14),
  });
  const stats = useStats(range);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRange({ date_from: formText(form, 'date_from'), date_to: formText(form, 'date_to') });
  }

  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">Clinic activity</h2>
      <form onSubmit={submit} className="filters" aria-label="Statistics period">
        <DateField label="From" name="date_from" defaultValue={range.date_from} />
        <DateField label="To" name="date_to" defaultValue={range.date_to} />
        <button type="submit" className="button">
          Show
        </button>
      </form>
      {stats.isPending && <Loading label="Loading statistics…" />}
      {stats.isError && <ErrorMessage error={stats.error} action="load the statistics" />}
      {stats.isSuccess && (
        <>
          <p className="muted">
            {formatDay(stats.data.date_from)} to {formatDay(stats.data.date_to)}:{' '}
            {stats.data.totals.total} appointments, {stats.data.totals.completed} completed,{' '}
            {stats.data.totals.cancelled} cancelled, {stats.data.totals.no_show} no-shows;
            utilisation {percent(stats.data.totals.utilisation)}.
          </p>
          <div className="charts">
            <BarChart
              title="Appointments per day"
              orientation="vertical"
              series={[
                {
                  name: 'Appointments',
                  className: 'bar-primary',
                  bars: stats.data.per_day.map((day) => ({
                    label: shortDay(day.date),
                    value: day.total,
                  })),
                },
              ]}
            />
            <BarChart
              title="Cancellations and no-shows per doctor"
              series={[
                {
                  name: 'Cancelled',
                  className: 'bar-warning',
                  bars: stats.data.per_doctor.map((row) => ({
                    label: row.doctor.full_name,
                    value: row.cancelled,
                  })),
                },
                {
                  name: 'No-show',
                  className: 'bar-danger',
                  bars: stats.data.per_doctor.map((row) => ({
                    label: row.doctor.full_name,
                    value: row.no_show,
                  })),
                },
              ]}
            />
            <BarChart
              title="Utilisation of available slots per doctor"
              max={1}
              series={[
                {
                  name: 'Utilisation',
                  className: 'bar-primary',
                  bars: stats.data.per_doctor.map((row) => ({
                    label: row.doctor.full_name,
                    value: row.utilisation ?? 0,
                    display: percent(row.utilisation),
                  })),
                },
              ]}
            />
          </div>
        </>
      )}
    </section>
  );
}
