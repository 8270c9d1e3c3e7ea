import type { ComponentType } from 'react';
import { Outlet, type RouteObject } from 'react-router';

import { RegisterRoute } from '@/app/routes/auth/register';
import { SignInRoute } from '@/app/routes/auth/sign-in';
import { SignOutRoute } from '@/app/routes/auth/sign-out';
import { LandingRoute } from '@/app/routes/landing';
import { NotFoundRoute } from '@/app/routes/not-found';
import { RequireRole, RoleHomeRedirect } from '@/app/routes/require-role';
import { RouteError } from '@/app/routes/route-error';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';

/** Route-level code splitting: a page's code is fetched when the router first goes there. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

const changePassword = page(
  () => import('@/app/routes/shared/change-password'),
  'ChangePasswordRoute',
);
const security = page(() => import('@/app/routes/shared/security'), 'SecurityRoute');
const forgotPassword = page(
  () => import('@/app/routes/auth/forgot-password'),
  'ForgotPasswordRoute',
);
const resetPassword = page(() => import('@/app/routes/auth/reset-password'), 'ResetPasswordRoute');
const notifications = page(() => import('@/app/routes/shared/notifications'), 'NotificationsRoute');

export const routes: RouteObject[] = [
  {
    Component: Outlet,
    ErrorBoundary: RouteError,
    HydrateFallback: () => <Loading />,
    children: [
      { path: paths.home.path, Component: LandingRoute },
      { path: paths.dashboard.path, Component: RoleHomeRedirect },
      { path: paths.auth.signIn.path, Component: SignInRoute },
      { path: paths.auth.register.path, Component: RegisterRoute },
      { path: paths.auth.signOut.path, Component: SignOutRoute },
      { path: paths.auth.forgotPassword.path, lazy: forgotPassword },
      { path: paths.auth.resetPassword.path, lazy: resetPassword },
      {
        path: paths.patient.root.path,
        element: <RequireRole role="patient" />,
        children: [
          {
            index: true,
            lazy: page(() => import('@/app/routes/patient/overview'), 'PatientOverviewRoute'),
          },
          {
            path: paths.patient.profile.path,
            lazy: page(() => import('@/app/routes/patient/profile'), 'PatientProfileRoute'),
          },
          {
            path: paths.patient.doctors.path,
            lazy: page(() => import('@/app/routes/patient/doctors'), 'PatientDoctorsRoute'),
          },
          {
            path: paths.patient.book.path,
            lazy: page(() => import('@/app/routes/patient/book'), 'PatientBookRoute'),
          },
          {
            path: paths.patient.record.path,
            lazy: page(() => import('@/app/routes/patient/record'), 'PatientRecordRoute'),
          },
          {
            path: paths.patient.accessLog.path,
            lazy: page(() => import('@/app/routes/patient/access-log'), 'PatientAccessLogRoute'),
          },
          {
            path: paths.patient.appointments.path,
            lazy: page(
              () => import('@/app/routes/patient/appointments'),
              'PatientAppointmentsRoute',
            ),
          },
          { path: 'password', lazy: changePassword },
          { path: 'notifications', lazy: notifications },
        ],
      },
      {
        path: paths.doctor.root.path,
        element: <RequireRole role="doctor" />,
        children: [
          {
            index: true,
            lazy: page(() => import('@/app/routes/doctor/overview'), 'DoctorOverviewRoute'),
          },
          {
            path: paths.doctor.schedule.path,
            lazy: page(() => import('@/app/routes/doctor/schedule'), 'DoctorScheduleRoute'),
          },
          {
            path: paths.doctor.availability.path,
            lazy: page(() => import('@/app/routes/doctor/availability'), 'DoctorAvailabilityRoute'),
          },
          {
            path: paths.doctor.patients.path,
            lazy: page(() => import('@/app/routes/doctor/patients'), 'DoctorPatientsRoute'),
          },
          {
            path: paths.doctor.chart.path,
            lazy: page(() => import('@/app/routes/doctor/chart'), 'DoctorChartRoute'),
          },
          {
            path: paths.doctor.profile.path,
            lazy: page(() => import('@/app/routes/doctor/profile'), 'DoctorProfileRoute'),
          },
          { path: 'security', lazy: security },
          { path: 'notifications', lazy: notifications },
        ],
      },
      {
        path: paths.nurse.root.path,
        element: <RequireRole role="nurse" />,
        children: [
          {
            index: true,
            lazy: page(() => import('@/app/routes/nurse/overview'), 'NurseOverviewRoute'),
          },
          {
            path: paths.nurse.patients.path,
            lazy: page(() => import('@/app/routes/nurse/patients'), 'NursePatientsRoute'),
          },
          {
            path: paths.nurse.chart.path,
            lazy: page(() => import('@/app/routes/nurse/chart'), 'NurseChartRoute'),
          },
          {
            path: paths.nurse.book.path,
            lazy: page(() => import('@/app/routes/nurse/book'), 'NurseBookRoute'),
          },
          { path: 'security', lazy: security },
          { path: 'notifications', lazy: notifications },
        ],
      },
      {
        path: paths.admin.root.path,
        element: <RequireRole role="admin" />,
        children: [
          {
            index: true,
            lazy: page(() => import('@/app/routes/admin/overview'), 'AdminOverviewRoute'),
          },
          {
            path: paths.admin.doctors.path,
            lazy: page(() => import('@/app/routes/admin/doctors'), 'AdminDoctorsRoute'),
          },
          {
            path: paths.admin.newDoctor.path,
            lazy: page(() => import('@/app/routes/admin/doctor-new'), 'AdminNewDoctorRoute'),
          },
          {
            path: paths.admin.doctor.path,
            lazy: page(() => import('@/app/routes/admin/doctor-edit'), 'AdminEditDoctorRoute'),
          },
          {
            path: paths.admin.apiClients.path,
            lazy: page(() => import('@/app/routes/admin/api-clients'), 'AdminApiClientsRoute'),
          },
          {
            path: paths.admin.webhooks.path,
            lazy: page(() => import('@/app/routes/admin/webhooks'), 'AdminWebhooksRoute'),
          },
          {
            path: paths.admin.nurses.path,
            lazy: page(() => import('@/app/routes/admin/nurses'), 'AdminNursesRoute'),
          },
          {
            path: paths.admin.newNurse.path,
            lazy: page(() => import('@/app/routes/admin/nurse-new'), 'AdminNewNurseRoute'),
          },
          {
            path: paths.admin.nurse.path,
            lazy: page(() => import('@/app/routes/admin/nurse-edit'), 'AdminEditNurseRoute'),
          },
          {
            path: paths.admin.patients.path,
            lazy: page(() => import('@/app/routes/admin/patients'), 'AdminPatientsRoute'),
          },
          {
            path: paths.admin.newPatient.path,
            lazy: page(() => import('@/app/routes/admin/patient-new'), 'AdminNewPatientRoute'),
          },
          {
            path: paths.admin.patient.path,
            lazy: page(() => import('@/app/routes/admin/patient-edit'), 'AdminEditPatientRoute'),
          },
          {
            path: paths.admin.appointments.path,
            lazy: page(() => import('@/app/routes/admin/appointments'), 'AdminAppointmentsRoute'),
          },
          {
            path: paths.admin.audit.path,
            lazy: page(() => import('@/app/routes/admin/audit'), 'AdminAuditRoute'),
          },
          { path: 'security', lazy: security },
        ],
      },
      { path: '*', Component: NotFoundRoute },
    ],
  },
];
