import type { AppointmentStatus } from '@/features/scheduling/api/get-appointments';
import { STATUS_LABELS } from '@/features/scheduling/status';

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return <span className={`badge badge-status-${status}`}>{STATUS_LABELS[status]}</span>;
}
