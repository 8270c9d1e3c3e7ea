interface ImportMetaEnv {
  /** Base URL of the API, when it is not served from the SPA's own origin under /api/v1. */
  readonly VITE_API_URL?: string;
  /** The clinic's time zone (the backend's CLINIC_TIME_ZONE); Europe/London by default. */
  readonly VITE_CLINIC_TIME_ZONE?: string;
  /** The clinic's locale (BCP 47) for dates and times; en-GB by default. */
  readonly VITE_CLINIC_LOCALE?: string;
}
