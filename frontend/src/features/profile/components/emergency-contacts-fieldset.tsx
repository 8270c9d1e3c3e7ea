import { TextField } from '@/components/form/field';
import type { FieldErrors } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type EmergencyContact = Schemas['EmergencyContact'];

type Props = {
  contacts: EmergencyContact[];
  onChange: (contacts: EmergencyContact[]) => void;
  errors: FieldErrors;
};

/** Rows of name, relation and phone; add and remove rows. */
export function EmergencyContactsFieldset({ contacts, onChange, errors }: Props) {
  function update(index: number, change: Partial<EmergencyContact>) {
    onChange(contacts.map((contact, i) => (i === index ? { ...contact, ...change } : contact)));
  }

  return (
    <fieldset className="fieldset">
      <legend>Emergency contacts</legend>
      {errors.emergency_contacts && (
        <p className="field-error">{errors.emergency_contacts.join(' ')}</p>
      )}
      {contacts.length === 0 && <p className="muted">No emergency contacts yet.</p>}
      {contacts.map((contact, index) => {
        const n = index + 1;
        const prefix = `emergency_contacts.${String(index)}`;
        return (
          <div
            className="contact-row"
            role="group"
            aria-label={`Emergency contact ${String(n)}`}
            key={index}
          >
            <TextField
              label={`Name (contact ${String(n)})`}
              value={contact.name}
              required
              errors={errors[`${prefix}.name`]}
              onChange={(event) => {
                update(index, { name: event.target.value });
              }}
            />
            <TextField
              label={`Relation (contact ${String(n)})`}
              value={contact.relation}
              required
              errors={errors[`${prefix}.relation`]}
              onChange={(event) => {
                update(index, { relation: event.target.value });
              }}
            />
            <TextField
              label={`Phone (contact ${String(n)})`}
              type="tel"
              value={contact.phone}
              required
              errors={errors[`${prefix}.phone`]}
              onChange={(event) => {
                update(index, { phone: event.target.value });
              }}
            />
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                onChange(contacts.filter((_, i) => i !== index));
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
          onChange([...contacts, { name: '', relation: '', phone: '' }]);
        }}
      >
        Add an emergency contact
      </button>
    </fieldset>
  );
}
