import { describe, expect, it } from 'vitest';

import { accessSentence, actorPhrase } from '@/features/records/access-sentences';
import type { AccessLogLine } from '@/features/records/api/get-access-log';

function line(overrides: Partial<AccessLogLine>): AccessLogLine {
  return {
    day: '2027-03-02',
    actor_name: 'Meredith Grey',
    actor_role: 'doctor',
    outcome: 'success',
    count: 1,
    first_at: '2027-03-02T09:00:00Z',
    last_at: '2027-03-02T09:00:00Z',
    activities: [{ action: 'record.read', resource_type: 'record_entry', count: 1, items: 1 }],
    ...overrides,
  };
}

describe('access log sentences', () => {
  it('says who read what in plain words', () => {
    expect(accessSentence(line({}))).toBe('Dr Meredith Grey read your record entry.');
  });

  it('folds a day of reads into one sentence with counts', () => {
    const sentence = accessSentence(
      line({
        count: 26,
        activities: [
          { action: 'record.list', resource_type: 'record_entry', count: 3, items: 0 },
          { action: 'record.read', resource_type: 'record_entry', count: 21, items: 2 },
          { action: 'report.download', resource_type: 'medical_report', count: 2, items: 1 },
        ],
      }),
    );
    expect(sentence).toBe(
      'Dr Meredith Grey looked through your record entries (3 times), read 2 of your record ' +
        'entries (21 times) and downloaded your report (twice).',
    );
  });

  it('says when an attempt was refused', () => {
    expect(accessSentence(line({ outcome: 'denied', actor_name: 'Another Doctor' }))).toBe(
      'Dr Another Doctor tried to read your record entry, and was refused.',
    );
  });

  it('names nurses, admins, connected systems and the unknown as a patient knows them', () => {
    expect(actorPhrase({ actor_name: 'Joy Lee', actor_role: 'nurse' })).toBe('Nurse Joy Lee');
    expect(actorPhrase({ actor_name: 'Ada Admin', actor_role: 'admin' })).toBe(
      'Ada Admin (clinic administrator)',
    );
    expect(actorPhrase({ actor_name: 'Hospital lab', actor_role: 'api_client' })).toBe(
      'Hospital lab (a connected system)',
    );
    expect(actorPhrase({ actor_name: null, actor_role: '' })).toBe('Someone who was not signed in');
  });

  it('still says something for an action it has no words for', () => {
    const sentence = accessSentence(
      line({
        activities: [{ action: 'chart.print', resource_type: 'patient_chart', count: 1, items: 0 }],
      }),
    );
    expect(sentence).toBe('Dr Meredith Grey acted on (chart.print) your patient chart.');
  });
});
