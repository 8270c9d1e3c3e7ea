import { useState } from 'react';
import { Link, useLocation } from 'react-router';

import { useIdParam } from '@/app/routes/shared/use-id-param';
import { ContentLayout } from '@/components/layouts/content-layout';
import { DeactivateButton } from '@/components/ui/deactivate-button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { useDeactivateNurse } from '@/features/nurses/api/deactivate-nurse';
import { useNurse } from '@/features/nurses/api/get-nurse';
import { EditNurseForm } from '@/features/nurses/components/nurse-form';

export function AdminEditNurseRoute() {
  const id = useIdParam();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [message, setMessage] = useState<string | null>(
    created ? 'The nurse has been created.' : null,
  );
  const nurse = useNurse(id);
  const deactivate = useDeactivateNurse(id, {
    onSuccess: () => {
      setMessage('The nurse has been deactivated.');
    },
  });

  return (
    <ContentLayout title={nurse.data ? nurse.data.full_name : 'Nurse'}>
      <p>
        <Link to={paths.admin.nurses.getHref()}>Back to the nurses</Link>
      </p>
      {message && (
        <p role="status" className="alert alert-success">
          {message}
        </p>
      )}
      {nurse.isPending && <Loading />}
      {nurse.isError && <ErrorMessage error={nurse.error} action="load the nurse" />}
      {nurse.isSuccess && (
        <>
          <p className="muted">Username: {nurse.data.username}</p>
          <EditNurseForm
            key={nurse.data.id}
            nurse={nurse.data}
            onSaved={() => {
              setMessage('The changes have been saved.');
            }}
          />
          {nurse.data.is_active ? (
            <DeactivateButton
              name={nurse.data.full_name}
              consequence="They can no longer sign in and every session they have ends; nothing is deleted."
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
