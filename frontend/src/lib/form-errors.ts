import { ApiError, type FieldErrors } from '@/lib/api-client';

/** The field errors of a 400 answer, or none. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return error instanceof ApiError && error.status === 400 ? error.fields : {};
}

/** Field errors of the form's own fields are shown beside them; the rest go to the summary. */
export function otherFieldErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([field]) => !shown.some((name) => field === name || field.startsWith(`${name}.`)))
    .flatMap(([field, messages]) =>
      field === 'non_field_errors' ? messages : messages.map((m) => `${field}: ${m}`),
    );
}

/** Reads a text entry of a submitted form ('' when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
