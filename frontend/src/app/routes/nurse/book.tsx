import { Link } from 'react-router';

import { Booking } from '@/app/routes/shared/booking';
import { useIdParam } from '@/app/routes/shared/use-id-param';
import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { usePatient } from '@/features/patients/api/get-patient';

/** A nurse books on a patient's behalf. */
export function NurseBookRoute() {
  const id = useIdParam();
  const patient = usePatient(id);
  return (
    <ContentLayout
      title={patient.data ? `Book for ${patient.data.full_name}` : 'Book an appointment'}
    >
      <p>
        <Link to={paths.nurse.chart.getHref(id)}>Back to the patient</Link>
      </p>
      {patient.isPending && <Loading />}
      {patient.isError && <ErrorMessage error={patient.error} action="load the patient" />}
      {patient.isSuccess && <Booking patientId={id} doneHref={paths.nurse.chart.getHref(id)} />}
    </ContentLayout>
  );
}
