import type { Scope } from '@/features/api-clients/api/get-api-clients';

/** Every scope, as the backend lists them (apps/clients/scopes.py), with what it grants. */
export const SCOPES: { value: Scope; label: string }[] = [
  { value: 'appointments:read', label: 'Read appointments' },
  { value: 'appointments:write', label: 'Write appointments (reserved)' },
  { value: 'patients:read', label: 'Read patients' },
  { value: 'doctors:read', label: 'Read doctors, hours and free slots' },
  { value: 'records:read', label: 'Read records, medications and timelines' },
  { value: 'records:write', label: 'Write records (reserved)' },
  { value: 'reports:read', label: 'Read and download reports' },
  { value: 'webhooks:manage', label: 'Manage its own webhook endpoints' },
];
