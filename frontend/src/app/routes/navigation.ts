import type { NavItem } from '@/components/layouts/app-shell';
import { paths } from '@/config/paths';
import type { Role } from '@/types/api';

export const areaNames: Record<Role, string> = {
  patient: 'Patient portal',
  doctor: 'Doctor dashboard',
  nurse: 'Nurse console',
  admin: 'Admin console',
};

/** Each role's navigation: only what the API lets that role do. */
export const navigation: Record<Role, readonly NavItem[]> = {
  patient: [
    { to: paths.patient.root.getHref(), label: 'Overview', end: true },
    { to: paths.patient.appointments.getHref(), label: 'Appointments' },
    { to: paths.patient.book.getHref(), label: 'Book' },
    { to: paths.patient.record.getHref(), label: 'My record' },
    { to: paths.patient.doctors.getHref(), label: 'Find a doctor' },
    { to: paths.patient.profile.getHref(), label: 'My profile' },
    { to: paths.patient.accessLog.getHref(), label: 'Access log' },
    { to: paths.password.getHref('patient'), label: 'Password' },
  ],
  doctor: [
    { to: paths.doctor.root.getHref(), label: 'Overview', end: true },
    { to: paths.doctor.schedule.getHref(), label: 'Schedule' },
    { to: paths.doctor.availability.getHref(), label: 'Availability' },
    { to: paths.doctor.patients.getHref(), label: 'Patients' },
    { to: paths.doctor.profile.getHref(), label: 'My profile' },
    { to: paths.security.getHref('doctor'), label: 'Security' },
  ],
  nurse: [
    { to: paths.nurse.root.getHref(), label: 'Overview', end: true },
    { to: paths.nurse.patients.getHref(), label: 'Patients' },
    { to: paths.security.getHref('nurse'), label: 'Security' },
  ],
  admin: [
    { to: paths.admin.root.getHref(), label: 'Overview', end: true },
    { to: paths.admin.doctors.getHref(), label: 'Doctors' },
    { to: paths.admin.nurses.getHref(), label: 'Nurses' },
    { to: paths.admin.patients.getHref(), label: 'Patients' },
    { to: paths.admin.appointments.getHref(), label: 'Appointments' },
    { to: paths.admin.audit.getHref(), label: 'Audit log' },
    { to: paths.security.getHref('admin'), label: 'Security' },
  ],
};
