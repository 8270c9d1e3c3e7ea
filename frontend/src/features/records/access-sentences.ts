import type { AccessActivity, AccessLogLine } from '@/features/records/api/get-access-log';

/**
 * How each audited action reads to the patient: the verb (done, and as "tried to ..."), and what
 * it was done to, for one object, for several, or for a whole list (which names no object).
 */
type Phrase = {
  done: string;
  tried: string;
  one: string;
  many?: (count: number) => string;
};

const PHRASES: Record<string, Phrase> = {
  'record.read': {
    done: 'read',
    tried: 'read',
    one: 'your record entry',
    many: (n) => `${String(n)} of your record entries`,
  },
  'record.list': { done: 'looked through', tried: 'look through', one: 'your record entries' },
  'record.create': {
    done: 'added',
    tried: 'add',
    one: 'an entry to your record',
    many: (n) => `${String(n)} entries to your record`,
  },
  'record.update': {
    done: 'changed',
    tried: 'change',
    one: 'your record entry',
    many: (n) => `${String(n)} of your record entries`,
  },
  'record.revisions.read': {
    done: 'read the earlier versions of',
    tried: 'read the earlier versions of',
    one: 'your record entry',
    many: (n) => `${String(n)} of your record entries`,
  },
  'timeline.read': { done: 'opened', tried: 'open', one: 'your record' },
  'medication.read': {
    done: 'read',
    tried: 'read',
    one: 'your medication',
    many: (n) => `${String(n)} of your medications`,
  },
  'medication.list': { done: 'looked through', tried: 'look through', one: 'your medications' },
  'medication.create': {
    done: 'prescribed',
    tried: 'prescribe',
    one: 'you a medication',
    many: (n) => `you ${String(n)} medications`,
  },
  'medication.update': {
    done: 'changed',
    tried: 'change',
    one: 'your medication',
    many: (n) => `${String(n)} of your medications`,
  },
  'report.read': {
    done: 'opened',
    tried: 'open',
    one: 'your report',
    many: (n) => `${String(n)} of your reports`,
  },
  'report.list': { done: 'looked through', tried: 'look through', one: 'your reports' },
  'report.upload': {
    done: 'uploaded',
    tried: 'upload',
    one: 'a report',
    many: (n) => `${String(n)} reports`,
  },
  'report.delete': {
    done: 'deleted',
    tried: 'delete',
    one: 'your report',
    many: (n) => `${String(n)} of your reports`,
  },
  'report.download': {
    done: 'downloaded',
    tried: 'download',
    one: 'your report',
    many: (n) => `${String(n)} of your reports`,
  },
  'patient.read': { done: 'opened', tried: 'open', one: 'your profile' },
  'appointment.read': {
    done: 'looked at',
    tried: 'look at',
    one: 'your appointment',
    many: (n) => `${String(n)} of your appointments`,
  },
  'appointment.book': {
    done: 'booked',
    tried: 'book',
    one: 'an appointment for you',
    many: (n) => `${String(n)} appointments for you`,
  },
  'appointment.cancel': {
    done: 'cancelled',
    tried: 'cancel',
    one: 'your appointment',
    many: (n) => `${String(n)} of your appointments`,
  },
  'appointment.reschedule': {
    done: 'moved',
    tried: 'move',
    one: 'your appointment',
    many: (n) => `${String(n)} of your appointments`,
  },
  'appointment.update': {
    done: 'updated',
    tried: 'update',
    one: 'your appointment',
    many: (n) => `${String(n)} of your appointments`,
  },
  'appointment.complete': {
    done: 'closed',
    tried: 'close',
    one: 'your visit',
    many: (n) => `${String(n)} of your visits`,
  },
  'appointment.no_show': {
    done: 'marked',
    tried: 'mark',
    one: 'your appointment as missed',
    many: (n) => `${String(n)} of your appointments as missed`,
  },
  'patient.assign_doctor': { done: 'chose', tried: 'choose', one: 'your doctor' },
  'account.register': { done: 'created', tried: 'create', one: 'your account' },
  'account.update': { done: 'changed', tried: 'change', one: 'your account details' },
  'account.deactivate': { done: 'closed', tried: 'close', one: 'your account' },
};

function fallback(activity: AccessActivity): Phrase {
  const what = activity.resource_type.replaceAll('_', ' ');
  return {
    done: `acted on (${activity.action})`,
    tried: `act on (${activity.action})`,
    one: `your ${what}`,
  };
}

function times(count: number): string {
  return count === 2 ? 'twice' : `${String(count)} times`;
}

/** One thing done, in words: "read 2 of your record entries (5 times)". */
export function activityPhrase(activity: AccessActivity, attempted: boolean): string {
  const phrase = PHRASES[activity.action] ?? fallback(activity);
  const verb = attempted ? phrase.tried : phrase.done;
  const what = activity.items > 1 && phrase.many ? phrase.many(activity.items) : phrase.one;
  const repeats = Math.max(activity.items, 1);
  const suffix = activity.count > repeats ? ` (${times(activity.count)})` : '';
  return `${verb} ${what}${suffix}`;
}

/** Who acted, as the patient knows them: "Dr Meredith Grey", "Nurse Joy Lee", "Hospital lab (a connected system)". */
export function actorPhrase(line: Pick<AccessLogLine, 'actor_name' | 'actor_role'>): string {
  const name = line.actor_name;
  if (!name) {
    return 'Someone who was not signed in';
  }
  switch (line.actor_role) {
    case 'doctor':
      return `Dr ${name}`;
    case 'nurse':
      return `Nurse ${name}`;
    case 'admin':
      return `${name} (clinic administrator)`;
    case 'api_client':
      return `${name} (a connected system)`;
    default:
      return name;
  }
}

function joined(parts: string[]): string {
  if (parts.length <= 1) {
    return parts.join('');
  }
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

/** A line of the access log as a sentence: "Dr Meredith Grey read your record entry and opened your report." */
export function accessSentence(line: AccessLogLine): string {
  const who = actorPhrase(line);
  const attempted = line.outcome !== 'success';
  const what = joined(line.activities.map((activity) => activityPhrase(activity, attempted)));
  if (line.outcome === 'denied') {
    return `${who} tried to ${what}, and was refused.`;
  }
  if (line.outcome === 'failure') {
    return `${who} tried to ${what}, without success.`;
  }
  return `${who} ${what}.`;
}
