import type { Schemas } from '@/types/api';

type Me = Schemas['MeOutput'];

const base = {
  is_active: true,
  date_joined: '2026-01-05T09:00:00Z',
  patient_profile: null,
  doctor_profile: null,
};

export const users = {
  patient: {
    ...base,
    id: 11,
    username: 'alice',
    email: 'alice@example.com',
    first_name: 'Alice',
    last_name: 'Patel',
    full_name: 'Alice Patel',
    role: 'patient',
    patient_profile: {
      date_of_birth: '1990-04-01',
      sex: 'female',
      phone: '+44 20 7946 0001',
      address: '1 High Street',
      emergency_contacts: [{ name: 'Raj Patel', relation: 'Brother', phone: '+44 20 7946 0999' }],
      preferences: { channel: 'email', language: 'en', reminder_lead_hours: 24 },
      primary_doctor: { id: 3, full_name: 'Meredith Grey', specialty: 'General practice' },
    },
  },
  doctor: {
    ...base,
    id: 3,
    username: 'dr.grey',
    email: 'grey@example.com',
    first_name: 'Meredith',
    last_name: 'Grey',
    full_name: 'Meredith Grey',
    role: 'doctor',
    doctor_profile: {
      specialty: 'General practice',
      licence_number: 'GP-1',
      bio: 'Family doctor.',
      default_appointment_minutes: 15,
      accepting_new_patients: true,
    },
  },
  nurse: {
    ...base,
    id: 5,
    username: 'nurse.joy',
    email: 'joy@example.com',
    first_name: 'Joy',
    last_name: 'Nightingale',
    full_name: 'Joy Nightingale',
    role: 'nurse',
  },
  admin: {
    ...base,
    id: 1,
    username: 'admin',
    email: 'admin@example.com',
    first_name: 'Ada',
    last_name: 'Admin',
    full_name: 'Ada Admin',
    role: 'admin',
  },
} satisfies Record<string, Me>;

export const doctors: Schemas['DoctorOutput'][] = [
  {
    id: 3,
    first_name: 'Meredith',
    last_name: 'Grey',
    full_name: 'Meredith Grey',
    is_active: true,
    specialty: 'General practice',
    licence_number: 'GP-1',
    bio: 'Family doctor.',
    default_appointment_minutes: 15,
    accepting_new_patients: true,
  },
  {
    id: 4,
    first_name: 'Gregory',
    last_name: 'House',
    full_name: 'Gregory House',
    is_active: true,
    specialty: 'Diagnostics',
    licence_number: 'DX-1',
    bio: 'Diagnostic medicine.',
    default_appointment_minutes: 30,
    accepting_new_patients: false,
  },
];

export const patients: Schemas['PatientOutput'][] = [
  {
    id: 11,
    username: 'alice',
    email: 'alice@example.com',
    first_name: 'Alice',
    last_name: 'Patel',
    full_name: 'Alice Patel',
    is_active: true,
    date_joined: '2026-01-05T09:00:00Z',
    profile: users.patient.patient_profile,
  },
];

export const clinic: Schemas['Clinic'] = {
  name: 'Riverside Practice',
  phone: '020 7946 0000',
  address: '1 Example Street, London',
  time_zone: 'Europe/London',
  cancellation_cutoff_hours: 24,
  booking_min_notice_minutes: 60,
  booking_horizon_days: 90,
  max_upcoming_per_patient: 5,
};

export function page<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results };
}
