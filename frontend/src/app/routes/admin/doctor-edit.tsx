import { useState } from 'react';
import { Link, useLocation } from 'react-router';

import { useIdParam } from '@/app/routes/shared/use-id-param';
import { ContentLayout } from '@/components/layouts/content-layout';
import { DeactivateButton } from '@/components/ui/deactivate-button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { useDeactivateDoctor } from '@/features/doctors/api/deactivate-doctor';
import { useDoctor } from '@/features/doctors/api/get-doctor';
import { EditDoctorForm } from '@/features/doctors/components/doctor-form';

export function AdminEditDoctorRoute() {
  const id = useIdParam();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [message, setMessage] = useState<string | null>(
    created ? 'The doctor has been created.' : null,
  );
  const doctor = useDoctor(id);
  const deactivate = useDeactivateDoctor(id, {
    onSuccess: () => {
      setMessage('The doctor has been deactivated.');
    },
  });

  return (
    <ContentLayout title={doctor.data ? doctor.data.full_name : 'Doctor'}>
      <p>
        <Link to={paths.admin.doctors.getHref()}>Back to the doctors</Link>
      </p>
      {message && (
        <p role="status" className="alert alert-success">
          {message}
        </p>
      )}
      {doctor.isPending && <Loading />}
      {doctor.isError && <ErrorMessage error={doctor.error} action="load the doctor" />}
      {doctor.isSuccess && (
        <>
          <EditDoctorForm
            key={doctor.data.id}
            doctor={doctor.data}
            onSaved={() => {
              setMessage('The changes have been saved.');
            }}
          />
          {doctor.data.is_active ? (
            <DeactivateButton
              name={doctor.data.full_name}
              consequence="They can no longer sign in and leave the directory. Refused while they have future appointments; nothing is deleted."
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
