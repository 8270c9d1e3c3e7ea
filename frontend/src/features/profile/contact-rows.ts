import type { FieldErrors } from '@/lib/api-client';

export const EMERGENCY_CONTACTS = 'emergency_contacts';

let lastRowKey = 0;

/** A key for a new row, unique for the page's life. */
export function newRowKey(): string {
  lastRowKey += 1;
  return `row${String(lastRowKey)}`;
}

const ROW_FIELD = new RegExp(`^${EMERGENCY_CONTACTS}\\.(\\d+)\\.(.+)$`);

/**
 * The API answers a contact's errors by its position when it was sent (`emergency_contacts.1.phone`);
 * rows may be added or removed since, so the errors are re-keyed to the rows that were sent
 * (`emergency_contacts.<row key>.phone`). Errors of a row removed since are dropped with it.
 */
export function rowErrorsByKey(errors: FieldErrors, sentKeys: readonly string[]): FieldErrors {
  const byKey: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) {
    const match = ROW_FIELD.exec(field);
    if (!match) {
      byKey[field] = messages;
      continue;
    }
    const [, index = '', rest = ''] = match;
    const key = sentKeys[Number(index)];
    if (key !== undefined) {
      byKey[`${EMERGENCY_CONTACTS}.${key}.${rest}`] = messages;
    }
  }
  return byKey;
}
