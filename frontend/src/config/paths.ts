import type { Role } from '@/types/api';

/** Every address of the app in one place; `getHref` builds a link, `path` is the route pattern. */
export const paths = {
  home: { path: '/', getHref: () => '/' },
  /** Sends a signed-in user to the home of their role. */
  dashboard: { path: '/home', getHref: () => '/home' },
  auth: {
    signIn: {
      path: '/sign-in',
      getHref: (next?: string | null) =>
        next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in',
    },
    register: { path: '/register', getHref: () => '/register' },
    signOut: { path: '/sign-out', getHref: () => '/sign-out' },
    forgotPassword: { path: '/forgot-password', getHref: () => '/forgot-password' },
    /** The e-mailed link carries `uid` and `token` in the fragment, which no server ever sees. */
    resetPassword: { path: '/reset-password', getHref: () => '/reset-password' },
  },
  role: {
    getHref: (role: Role) => `/${role}`,
  },
  password: { getHref: (role: Role) => `/${role}/password` },
  /** Staff: password and two-step sign-in. */
  security: { getHref: (role: Role) => `/${role}/security` },
  notifications: { getHref: (role: Role) => `/${role}/notifications` },
  patient: {
    root: { path: '/patient', getHref: () => '/patient' },
    profile: { path: 'profile', getHref: () => '/patient/profile' },
    doctors: { path: 'doctors', getHref: () => '/patient/doctors' },
    book: {
      path: 'book',
      getHref: (doctor?: number) =>
        doctor === undefined ? '/patient/book' : `/patient/book?doctor=${String(doctor)}`,
    },
    appointments: { path: 'appointments', getHref: () => '/patient/appointments' },
    record: { path: 'record', getHref: () => '/patient/record' },
    accessLog: { path: 'access-log', getHref: () => '/patient/access-log' },
  },
  nurse: {
    root: { path: '/nurse', getHref: () => '/nurse' },
    patients: { path: 'patients', getHref: () => '/nurse/patients' },
    chart: { path: 'patients/:id', getHref: (id: number) => `/nurse/patients/${String(id)}` },
    book: {
      path: 'patients/:id/book',
      getHref: (id: number) => `/nurse/patients/${String(id)}/book`,
    },
  },
  doctor: {
    root: { path: '/doctor', getHref: () => '/doctor' },
    profile: { path: 'profile', getHref: () => '/doctor/profile' },
    schedule: { path: 'schedule', getHref: () => '/doctor/schedule' },
    availability: { path: 'availability', getHref: () => '/doctor/availability' },
    patients: { path: 'patients', getHref: () => '/doctor/patients' },
    chart: { path: 'patients/:id', getHref: (id: number) => `/doctor/patients/${String(id)}` },
  },
  admin: {
    root: { path: '/admin', getHref: () => '/admin' },
    doctors: { path: 'doctors', getHref: () => '/admin/doctors' },
    newDoctor: { path: 'doctors/new', getHref: () => '/admin/doctors/new' },
    doctor: { path: 'doctors/:id', getHref: (id: number) => `/admin/doctors/${String(id)}` },
    nurses: { path: 'nurses', getHref: () => '/admin/nurses' },
    newNurse: { path: 'nurses/new', getHref: () => '/admin/nurses/new' },
    nurse: { path: 'nurses/:id', getHref: (id: number) => `/admin/nurses/${String(id)}` },
    patients: { path: 'patients', getHref: () => '/admin/patients' },
    newPatient: { path: 'patients/new', getHref: () => '/admin/patients/new' },
    patient: { path: 'patients/:id', getHref: (id: number) => `/admin/patients/${String(id)}` },
    audit: { path: 'audit', getHref: () => '/admin/audit' },
    apiClients: { path: 'api-clients', getHref: () => '/admin/api-clients' },
    webhooks: { path: 'webhooks', getHref: () => '/admin/webhooks' },
    appointments: { path: 'appointments', getHref: () => '/admin/appointments' },
  },
} as const;

/** Only same-app paths may be returned to after sign-in (no `//evil.example`). */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  return next.startsWith(paths.auth.signIn.path) || next.startsWith(paths.auth.signOut.path)
    ? null
    : next;
}
