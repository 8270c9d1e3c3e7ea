import { useState } from 'react';
import { Link, useLocation } from 'react-router';

import { useIdParam } from '@/app/routes/shared/use-id-param';
import { ContentLayout } from '@/components/layouts/content-layout';
import { DeactivateButton } from '@/components/ui/deactivate-button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { useDoctors } from '@/features/doctors/api/get-doctors';
import { useDeactivatePatient } from '@/features/patients/api/deactivate-patient';
import { usePatient } from '@/features/patients/api/get-patient';
import { AssignDoctorForm } from '@/features/patients/components/assign-doctor-form';
import { EditPatientForm } from '@/features/patients/components/patient-form';

export function AdminEditPatientRoute() {
  const id = useIdParam();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [message, setMessage] = useState<string | null>(
    created ? 'The patient has been created.' : null,
  );
  const patient = usePatient(id);
  const doctors = useDoctors({ is_active: true, page_size: 100 });
  const deactivate = useDeactivatePatient(id, {
    onSuccess: () => {
      setMessage('The patient has been deactivated.');
    },
  });

  return (
    <ContentLayout title={patient.data ? patient.data.full_name : 'Patient'}>
      <p>
        <Link to={paths.admin.patients.getHref()}>Back to the patients</Link>
      </p>
      {message && (
        <p role="status" className="alert alert-success">
          {message}
        </p>
      )}
      {patient.isPending && <Loading />}
      {patient.isError && <ErrorMessage error={patient.error} action="load the patient" />}
      {patient.isSuccess && (
        <>
          <p className="muted">Username: {patient.data.username}</p>
          {doctors.isError ? (
            <ErrorMessage error={doctors.error} action="load the doctors" />
          ) : (
            <AssignDoctorForm patient={patient.data} doctors={doctors.data?.results ?? []} />
          )}
          <h2>Details</h2>
          <EditPatientForm
            key={patient.data.id}
            patient={patient.data}
            onSaved={() => {
              setMessage('The changes have been saved.');
            }}
          />
          {patient.data.is_active ? (
            <DeactivateButton
              name={patient.data.full_name}
              consequence="They can no longer sign in and every session they have ends. Their records are kept."
              pending={deactivate.isPending}
              error={deactivate.error}
              onConfirm={() => {
                deactivate.mutate();
              }}
            />
          ) : (
            <p className="badge">This account is deactivated.</p>
          )}
        </>
      )}
    </ContentLayout>
  );
}
