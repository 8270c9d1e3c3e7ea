import { TextField } from '@/components/form/field';
import type { FieldErrors } from '@/lib/api-client';
import { EMERGENCY_CONTACTS as LIST, newRowKey } from '@/features/profile/contact-rows';
import type { Schemas } from '@/types/api';

export type EmergencyContact = Schemas['EmergencyContact'];

/** A contact being edited, with a key that stays with it when rows above it are removed. */
export type ContactRow = EmergencyContact & { key: string };

type Props = {
  rows: ContactRow[];
  onChange: (rows: ContactRow[]) => void;
  /** Field errors keyed by row key: `emergency_contacts.<key>.phone` (see rowErrorsByKey). */
  errors: FieldErrors;
};

/** Rows of name, relation and phone; add and remove rows. A row with errors keeps what was typed. */
export function EmergencyContactsFieldset({ rows, onChange, errors }: Props) {
  function update(key: string, change: Partial<EmergencyContact>) {
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  return (
    <fieldset className="fieldset">
      <legend>Emergency contacts</legend>
      {errors[LIST] && <p className="field-error">{errors[LIST].join(' ')}</p>}
      {rows.length === 0 && <p className="muted">No emergency contacts yet.</p>}
      {rows.map((row, index) => {
        const n = index + 1;
        const prefix = `${LIST}.${row.key}`;
        return (
          <div
            className="contact-row"
            role="group"
            aria-label={`Emergency contact ${String(n)}`}
            key={row.key}
          >
            <TextField
              label={`Name (contact ${String(n)})`}
              value={row.name}
              required
              errors={errors[`${prefix}.name`]}
              onChange={(event) => {
                update(row.key, { name: event.target.value });
              }}
            />
            <TextField
              label={`Relation (contact ${String(n)})`}
              value={row.relation}
              required
              errors={errors[`${prefix}.relation`]}
              onChange={(event) => {
                update(row.key, { relation: event.target.value });
              }}
            />
            <TextField
              label={`Phone (contact ${String(n)})`}
              type="tel"
              value={row.phone}
              required
              errors={errors[`${prefix}.phone`]}
              onChange={(event) => {
                update(row.key, { phone: event.target.value });
              }}
            />
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                onChange(rows.filter((other) => other.key !== row.key));
              }}
            >
              Remove contact {n}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          onChange([...rows, { key: newRowKey(), name: '', relation: '', phone: '' }]);
        }}
      >
        Add an emergency contact
      </button>
    </fieldset>
  );
}
