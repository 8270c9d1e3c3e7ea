import type { Clinic } from '@/features/scheduling/api/get-clinic';
import { formatDateTime } from '@/lib/datetime';

const HOUR_MS = 60 * 60 * 1000;

/** The last moment a patient may change or cancel a visit online (the clinic's cut-off before it). */
export function changeDeadline(start: string, cutoffHours: number): Date {
  return new Date(new Date(start).getTime() - cutoffHours * HOUR_MS);
}

/** Whether a patient may still change or cancel this booked visit online, `now`. */
export function changeableOnline(start: string, cutoffHours: number, now = new Date()): boolean {
  return now < changeDeadline(start, cutoffHours);
}

/** "You can change or cancel online until …; after that, call …" for one visit. */
export function changePolicyText(start: string, clinic: Clinic): string {
  const until = formatDateTime(
    changeDeadline(start, clinic.cancellation_cutoff_hours).toISOString(),
  );
  return `You can change or cancel online until ${until}; after that, call ${clinic.name} on ${clinic.phone}.`;
}

/** The rule in general, before any visit is chosen. */
export function generalPolicyText(clinic: Clinic): string {
  return (
    `You can change or cancel a visit online up to ${String(clinic.cancellation_cutoff_hours)} hours ` +
    `before it starts; after that, call ${clinic.name} on ${clinic.phone}.`
  );
}

/** Why a visit inside the cut-off offers no changes, and how to reach the clinic instead. */
export function tooLateText(clinic: Clinic): string {
  return (
    `This visit is less than ${String(clinic.cancellation_cutoff_hours)} hours away, so it can no ` +
    `longer be changed online. To change or cancel it, call ${clinic.name} on ${clinic.phone} ` +
    `(${clinic.address}).`
  );
}
