import { type Health, useHealth } from '@/features/health/api/get-health';

function describe(health: Health): string {
  return health.status === 'ok' && health.database === 'ok' ? 'Server online' : 'Server degraded';
}

export function HealthStatus() {
  const health = useHealth();

  let text: string;
  switch (health.status) {
    case 'pending':
      text = 'Checking the server…';
      break;
    case 'error':
      text = 'Server unavailable';
      break;
    case 'success':
      text = describe(health.data);
      break;
  }

  return (
    <p role="status" aria-label="Server status">
      {text}
    </p>
  );
}
