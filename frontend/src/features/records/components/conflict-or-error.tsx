import { ErrorMessage } from '@/components/ui/error-message';
import { conflictText } from '@/features/records/conflicts';

/** A failed change: a 409 explained in plain words, anything else as the usual calm message. */
export function ConflictOrError({ error, action }: { error: unknown; action: string }) {
  const conflict = conflictText(error);
  if (conflict) {
    return (
      <p role="alert" className="alert alert-error">
        {conflict}
      </p>
    );
  }
  return <ErrorMessage error={error} action={action} />;
}
