import { ApiError } from '@/lib/api-client';

type ErrorMessageProps = {
  error: unknown;
  /** What was being done, e.g. "save the profile". */
  action?: string;
};

function describe(error: unknown, action: string): { text: string; requestId?: string } {
  if (!(error instanceof ApiError)) {
    return { text: `We could not ${action}. Please try again.` };
  }
  if (error.status === 0) {
    return {
      text: `We could not reach the server to ${action}. Check your connection and try again.`,
    };
  }
  if (error.status >= 500) {
    return {
      text: `Something went wrong on our side and we could not ${action}. Please try again in a moment.`,
      requestId: error.request_id,
    };
  }
  if (error.status === 400 && Object.keys(error.fields).length > 0) {
    return { text: 'Please correct the fields marked below.' };
  }
  return { text: error.detail, requestId: error.request_id };
}

/** A calm, announced message for a failed request, with the request id for support. */
export function ErrorMessage({ error, action = 'complete the request' }: ErrorMessageProps) {
  const { text, requestId } = describe(error, action);
  return (
    <div role="alert" className="alert alert-error">
      <p>{text}</p>
      {requestId && (
        <p className="muted">
          Reference for support: <code>{requestId}</code>
        </p>
      )}
    </div>
  );
}
