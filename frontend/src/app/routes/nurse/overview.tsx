import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { useMe } from '@/features/auth/api/get-me';

export function NurseOverviewRoute() {
  const me = useMe();
  return (
    <ContentLayout title={`Welcome, ${me.data?.first_name ?? ''}`.trim()}>
      <section className="card" aria-labelledby="patients-card">
        <h2 id="patients-card">Patients</h2>
        <p>Find any active patient of the clinic.</p>
        <Link to={paths.nurse.patients.getHref()}>Search patients</Link>
      </section>
    </ContentLayout>
  );
}
