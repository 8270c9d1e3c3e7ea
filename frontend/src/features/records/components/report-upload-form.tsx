import { type SubmitEvent, useState } from 'react';

import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useUploadReport } from '@/features/records/api/upload-report';
import { ApiError } from '@/lib/api-client';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['title', 'description', 'file'] as const;

function refusal(error: unknown): string | null {
  if (!(error instanceof ApiError)) {
    return null;
  }
  if (error.status === 413) {
    return 'The file is too large. Reports may be at most 10 MB.';
  }
  if (error.status === 415) {
    return 'Only PDF, PNG and JPEG files can be uploaded.';
  }
  return null;
}

/** Upload a PDF, PNG or JPEG report for the patient, with a progress bar. */
export function ReportUploadForm({ patientId }: { patientId: number }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const upload = useUploadReport({ onProgress: setProgress });
  const errors = fieldErrorsOf(upload.error);
  const refused = refusal(upload.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const file = form.get('file');
    setSaved(null);
    setProgress(0);
    upload.mutate(
      {
        patient: patientId,
        title: formText(form, 'title'),
        description: formText(form, 'description'),
        // An empty file input still sends a nameless, empty File: the API says what is missing.
        file: file instanceof File ? file : new File([], ''),
      },
      {
        onSuccess: (report) => {
          formElement.reset();
          setSaved(`“${report.title}” has been uploaded.`);
        },
        onSettled: () => {
          setProgress(null);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload a report</h2>
      {saved && (
        <p role="status" className="alert alert-success">
          {saved}
        </p>
      )}
      {refused ? (
        <p role="alert" className="alert alert-error">
          {refused}
        </p>
      ) : (
        upload.error &&
        Object.keys(errors).length === 0 && (
          <ErrorMessage error={upload.error} action="upload the report" />
        )
      )}
      <TextField label="Title" name="title" required errors={errors.title} />
      <TextAreaField label="Description" name="description" rows={2} errors={errors.description} />
      <TextField
        label="File (PDF, PNG or JPEG, up to 10 MB)"
        name="file"
        type="file"
        accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
        required
        errors={errors.file}
      />
      {progress !== null && (
        <div className="field">
          <label htmlFor="upload-progress">Upload progress</label>
          <progress id="upload-progress" max={100} value={Math.round(progress * 100)}>
            {Math.round(progress * 100)}%
          </progress>
        </div>
      )}
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={upload.isPending}>
        {upload.isPending ? 'Uploading…' : 'Upload report'}
      </button>
    </form>
  );
}
