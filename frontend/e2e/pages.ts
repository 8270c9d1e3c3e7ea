import { clinicDay, demo } from './support';

// Schedules start tomorrow: today holds the visit scripts/e2e.sh books at the time of the run.

/** The main pages of each role: scanned for accessibility and photographed. */
export const mainPages = {
  public: {
    user: null,
    pages: [
      { name: 'landing', path: '/', heading: 'Patient Tracker' },
      { name: 'sign-in', path: '/sign-in', heading: 'Sign in' },
      { name: 'register', path: '/register', heading: 'Create your patient account' },
      { name: 'forgot-password', path: '/forgot-password', heading: 'Forgot your password?' },
    ],
  },
  patient: {
    user: demo.patient,
    pages: [
      { name: 'overview', path: '/patient', heading: 'Welcome, Alice' },
      { name: 'appointments', path: '/patient/appointments', heading: 'My appointments' },
      { name: 'book', path: '/patient/book', heading: 'Book an appointment' },
      { name: 'record', path: '/patient/record', heading: 'My health record' },
      { name: 'profile', path: '/patient/profile', heading: 'My profile' },
      { name: 'notifications', path: '/patient/notifications', heading: 'Notifications' },
      { name: 'access-log', path: '/patient/access-log', heading: 'Who accessed my record' },
      { name: 'doctors', path: '/patient/doctors', heading: 'Find a doctor' },
      { name: 'password', path: '/patient/password', heading: 'Change password' },
    ],
  },
  doctor: {
    user: demo.doctor,
    pages: [
      { name: 'overview', path: '/doctor', heading: 'Welcome, Meredith Grey' },
      {
        name: 'schedule',
        path: `/doctor/schedule?date_from=${clinicDay(1)}&date_to=${clinicDay(14)}`,
        heading: 'Schedule',
      },
      { name: 'availability', path: '/doctor/availability', heading: 'Availability' },
      { name: 'patients', path: '/doctor/patients', heading: 'My patients' },
      { name: 'profile', path: '/doctor/profile', heading: 'My profile' },
    ],
  },
  nurse: {
    user: demo.nurse,
    pages: [
      { name: 'overview', path: '/nurse', heading: 'Welcome, Joy' },
      { name: 'patients', path: '/nurse/patients', heading: 'Patients' },
      { name: 'security', path: '/nurse/security', heading: 'Sign-in and security' },
    ],
  },
  admin: {
    user: demo.admin,
    pages: [
      { name: 'overview', path: '/admin', heading: 'Clinic overview' },
      { name: 'doctors', path: '/admin/doctors', heading: 'Doctors' },
      { name: 'new-doctor', path: '/admin/doctors/new', heading: 'Add a doctor' },
      { name: 'nurses', path: '/admin/nurses', heading: 'Nurses' },
      { name: 'patients', path: '/admin/patients', heading: 'Patients' },
      {
        name: 'appointments',
        path: `/admin/appointments?date_from=${clinicDay(1)}&date_to=${clinicDay(14)}`,
        heading: 'Appointments',
      },
      { name: 'audit', path: '/admin/audit', heading: 'Audit log' },
    ],
  },
} as const;
