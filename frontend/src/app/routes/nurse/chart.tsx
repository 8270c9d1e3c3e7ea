import { Link } from 'react-router';

import { PatientChart } from '@/app/routes/shared/patient-chart';
import { paths } from '@/config/paths';

export function NurseChartRoute() {
  return (
    <PatientChart
      backHref={paths.nurse.patients.getHref()}
      actions={(id) => (
        <Link className="button" to={paths.nurse.book.getHref(id)}>
          Book an appointment
        </Link>
      )}
    />
  );
}
