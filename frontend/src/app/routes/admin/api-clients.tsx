import { useState } from 'react';

import { ContentLayout } from '@/components/layouts/content-layout';
import type { ApiClientWithSecret } from '@/features/api-clients/api/get-api-clients';
import { ApiClientsTable } from '@/features/api-clients/components/api-clients-table';
import { CreateApiClientForm } from '@/features/api-clients/components/create-api-client-form';
import { SecretPanel } from '@/features/api-clients/components/secret-panel';
import { useDoctors } from '@/features/doctors/api/get-doctors';

export function AdminApiClientsRoute() {
  const [secret, setSecret] = useState<ApiClientWithSecret | null>(null);
  const doctors = useDoctors({ page_size: 100 });
  const options = (doctors.data?.results ?? []).map((doctor) => ({
    id: doctor.id,
    name: doctor.full_name,
  }));
  return (
    <ContentLayout title="API clients">
      {secret && (
        <SecretPanel
          client={secret}
          onDismiss={() => {
            setSecret(null);
          }}
        />
      )}
      <ApiClientsTable onSecret={setSecret} />
      <h2>New API client</h2>
      <CreateApiClientForm doctors={options} onCreated={setSecret} />
    </ContentLayout>
  );
}
