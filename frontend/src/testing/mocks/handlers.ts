import { http, HttpResponse } from 'msw';

import type { Health } from '@/features/health/api/get-health';
import { clinic, doctors, page, patients } from '@/testing/fixtures';
import type { Schemas } from '@/types/api';

// The happy path for every test; a test that needs another answer overrides it with server.use().
export const handlers = [
  http.get('/api/v1/health/', () => HttpResponse.json<Health>({ status: 'ok', database: 'ok' })),
  http.get('/api/v1/clinic/', () => HttpResponse.json<Schemas['Clinic']>(clinic)),
  // Every doctor works Monday to Friday, 09:00 to 17:00, with no days off.
  http.get('/api/v1/doctors/:id/availability/', ({ params }) =>
    HttpResponse.json<Schemas['AvailabilityOutput']>({
      doctor: Number(params.id),
      time_zone: 'Europe/London',
      rules: [0, 1, 2, 3, 4].map((weekday) => ({
        weekday: weekday as Schemas['WeekdayEnum'],
        start_time: '09:00',
        end_time: '17:00',
        slot_minutes: 30,
      })),
      exceptions: [],
    }),
  ),
  http.get('/api/v1/doctors/', ({ request }) => {
    const params = new URL(request.url).searchParams;
    const specialty = params.get('specialty')?.toLowerCase();
    const search = params.get('search')?.toLowerCase();
    return HttpResponse.json(
      page(
        doctors.filter(
          (doctor) =>
            (!specialty || doctor.specialty.toLowerCase() === specialty) &&
            (!search || `${doctor.full_name} ${doctor.specialty}`.toLowerCase().includes(search)),
        ),
      ),
    );
  }),
  http.get('/api/v1/nurses/', () => HttpResponse.json(page([]))),
  http.get('/api/v1/patients/', () => HttpResponse.json(page(patients))),
  http.get('/api/v1/appointments/', () => HttpResponse.json(page([]))),
  http.get('/api/v1/audit-events/', () => HttpResponse.json(page([]))),
  http.get('/api/v1/notifications/', () => HttpResponse.json(page([]))),
  http.get('/api/v1/stats/', ({ request }) => {
    const params = new URL(request.url).searchParams;
    const totals = { total: 0, booked: 0, completed: 0, cancelled: 0, no_show: 0 };
    return HttpResponse.json({
      date_from: params.get('date_from'),
      date_to: params.get('date_to'),
      time_zone: 'Europe/London',
      per_day: [],
      per_doctor: [],
      totals: { ...totals, available_minutes: 0, booked_minutes: 0, utilisation: null },
    });
  }),
  http.get('/api/v1/notifications/unread-count/', () => HttpResponse.json({ count: 0 })),
  http.get('/api/v1/me/calendar-feed/', () =>
    HttpResponse.json<Schemas['CalendarFeedStatusOutput']>({ active: false, created_at: null }),
  ),
];
