import { type SubmitEvent, useState } from 'react';
import { useSearchParams } from 'react-router';

import { DateField } from '@/components/form/date-field';
import { SelectField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import {
  type AuditFilters,
  type AuditOutcome,
  useAuditEvents,
} from '@/features/audit/api/get-audit-events';
import { PersonFilter } from '@/features/audit/components/person-filter';
import { formText } from '@/lib/form-errors';
import { formatTimestamp } from '@/lib/datetime';

const PAGE_SIZE = 50;
const FILTER_NAMES = ['action', 'actor', 'patient', 'outcome', 'date_from', 'date_to'] as const;

const OUTCOMES = [
  { value: '', label: 'Any outcome' },
  { value: 'success', label: 'Success' },
  { value: 'failure', label: 'Failure' },
  { value: 'denied', label: 'Denied' },
] as const;

function toFilters(params: URLSearchParams): AuditFilters {
  const number = (name: string) => {
    const value = Number(params.get(name));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  return {
    action: params.get('action') ?? undefined,
    actor: number('actor'),
    patient: number('patient'),
    outcome: (params.get('outcome') as AuditOutcome | null) ?? undefined,
    date_from: params.get('date_from') ?? undefined,
    date_to: params.get('date_to') ?? undefined,
    page: number('page') ?? 1,
    page_size: PAGE_SIZE,
  };
}

/** The audit log, newest first, filtered through the address so a view can be shared. */
export function AuditLog() {
  const [params, setParams] = useSearchParams();
  const filters = toFilters(params);
  const events = useAuditEvents(filters);
  // Names of the people chosen in the filters, by id, so the filters still show them after applying.
  const [names, setNames] = useState<Record<number, string>>({});

  function chosen(id: number | undefined, field: 'actor_name' | 'patient_name') {
    if (id === undefined) {
      return null;
    }
    const shown = events.isPlaceholderData ? undefined : events.data;
    const fromEvents = shown?.results.find((event) => event[field])?.[field];
    return { id, label: names[id] ?? fromEvents ?? `Account #${String(id)}` };
  }

  function remember(option: { id: number; label: string }) {
    setNames((current) => ({ ...current, [option.id]: option.label }));
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of FILTER_NAMES) {
      const value = formText(form, name);
      if (value) {
        next.set(name, value);
      }
    }
    setParams(next);
  }

  return (
    <>
      <form
        aria-label="Filter the audit log"
        onSubmit={submit}
        className="filters filters-wide"
        key={params.toString()}
      >
        <TextField
          label="Action"
          name="action"
          defaultValue={filters.action ?? ''}
          hint="e.g. auth.login"
        />
        <PersonFilter
          label="Actor"
          name="actor"
          initial={chosen(filters.actor, 'actor_name')}
          onChoose={remember}
        />
        <PersonFilter
          label="Patient"
          name="patient"
          role="patient"
          initial={chosen(filters.patient, 'patient_name')}
          onChoose={remember}
        />
        <SelectField
          label="Outcome"
          name="outcome"
          defaultValue={filters.outcome ?? ''}
          options={OUTCOMES}
        />
        <DateField label="From" name="date_from" defaultValue={filters.date_from ?? ''} />
        <DateField label="To" name="date_to" defaultValue={filters.date_to ?? ''} />
        <div className="button-row">
          <button type="submit" className="button">
            Apply filters
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setParams(new URLSearchParams());
            }}
          >
            Clear
          </button>
        </div>
      </form>

      {events.isPending && <Loading label="Loading the audit log…" />}
      {events.isError && <ErrorMessage error={events.error} action="load the audit log" />}
      {events.isSuccess && (
        <>
          <p role="status" className="muted">
            {events.data.count === 1 ? '1 event' : `${String(events.data.count)} events`}
          </p>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Audit events</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Client</th>
                </tr>
              </thead>
              <tbody>
                {events.data.results.map((event) => (
                  <tr key={event.id}>
                    <td>
                      <time dateTime={event.occurred_at}>{formatTimestamp(event.occurred_at)}</time>
                    </td>
                    <td>
                      {event.actor_name ?? 'Anonymous'}
                      {event.actor_role && <span className="muted"> ({event.actor_role})</span>}
                    </td>
                    <td>
                      {event.action}
                      {event.item_count != null && (
                        <span className="muted">
                          {' '}
                          ({event.item_count === 1 ? '1 row' : `${String(event.item_count)} rows`})
                        </span>
                      )}
                    </td>
                    <td>
                      {event.resource_type}
                      {event.resource_id && ` #${event.resource_id}`}
                    </td>
                    <td>{event.patient_name ?? '—'}</td>
                    <td>
                      <span className={`badge badge-${event.outcome}`}>{event.outcome}</span>
                    </td>
                    <td>{event.client_ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            label="Audit log pages"
            page={filters.page ?? 1}
            count={events.data.count}
            pageSize={PAGE_SIZE}
            onPageChange={(page) => {
              const next = new URLSearchParams(params);
              next.set('page', String(page));
              setParams(next);
            }}
          />
        </>
      )}
    </>
  );
}
