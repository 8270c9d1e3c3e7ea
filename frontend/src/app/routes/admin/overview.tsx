import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { useDoctors } from '@/features/doctors/api/get-doctors';
import { useNurses } from '@/features/nurses/api/get-nurses';
import { usePatients } from '@/features/patients/api/get-patients';
import { ClinicStats } from '@/features/stats/components/clinic-stats';

function Count({ label, count, href }: { label: string; count?: number; href: string }) {
  return (
    <li className="card stat">
      <Link to={href}>
        <span className="stat-number">{count ?? '…'}</span> {label}
      </Link>
    </li>
  );
}

export function AdminOverviewRoute() {
  const doctors = useDoctors({ page_size: 1 });
  const nurses = useNurses({ page_size: 1 });
  const patients = usePatients({ page_size: 1 });
  return (
    <ContentLayout title="Clinic overview">
      <ul className="cards stats" aria-label="Accounts">
        <Count label="doctors" count={doctors.data?.count} href={paths.admin.doctors.getHref()} />
        <Count label="nurses" count={nurses.data?.count} href={paths.admin.nurses.getHref()} />
        <Count
          label="patients"
          count={patients.data?.count}
          href={paths.admin.patients.getHref()}
        />
      </ul>
      <ClinicStats />
      <p>
        <Link to={paths.admin.audit.getHref()}>Read the audit log</Link>
        {' · '}
        <Link to={paths.admin.apiClients.getHref()}>Manage API clients</Link>
        {' · '}
        <Link to={paths.admin.webhooks.getHref()}>Manage webhooks</Link>
      </p>
    </ContentLayout>
  );
}
