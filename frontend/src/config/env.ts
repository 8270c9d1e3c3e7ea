export const env = {
  // Django, nginx and the Vite dev server all route /api on the SPA's own origin.
  apiUrl: import.meta.env.VITE_API_URL ?? '/api/v1',
  // The backend's CLINIC_TIME_ZONE; appointment times are shown in it.
  clinicTimeZone: import.meta.env.VITE_CLINIC_TIME_ZONE ?? 'Europe/London',
  // The clinic's locale: every date and time on every page is written the way it reads them.
  clinicLocale: import.meta.env.VITE_CLINIC_LOCALE ?? 'en-GB',
};
