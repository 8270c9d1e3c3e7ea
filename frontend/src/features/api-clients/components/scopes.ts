import type { Scope } from '@/features/api-clients/api/get-api-clients';

/**
 * Every scope, as the backend lists them (apps/clients/scopes.py), with what it grants. A write
 * scope includes the read scope of its resource (`includes`), as the backend's IMPLIED says.
 */
export const SCOPES: { value: Scope; label: string; includes?: Scope }[] = [
  { value: 'appointments:read', label: 'Read appointments' },
  {
    value: 'appointments:write',
    label: 'Book, reschedule and cancel appointments',
    includes: 'appointments:read',
  },
  { value: 'patients:read', label: 'Read patients' },
  { value: 'doctors:read', label: 'Read doctors, hours and free slots' },
  { value: 'records:read', label: 'Read records, medications and timelines' },
  { value: 'records:write', label: 'Write and revise record entries', includes: 'records:read' },
  { value: 'reports:read', label: 'Read and download reports' },
  { value: 'webhooks:manage', label: 'Manage its own webhook endpoints' },
];
