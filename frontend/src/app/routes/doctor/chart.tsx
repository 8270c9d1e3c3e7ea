import { PatientChart } from '@/app/routes/shared/patient-chart';
import { paths } from '@/config/paths';

export function DoctorChartRoute() {
  return <PatientChart backHref={paths.doctor.patients.getHref()} canPrescribe />;
}
