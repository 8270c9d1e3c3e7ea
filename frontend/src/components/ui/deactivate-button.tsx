import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';

type DeactivateButtonProps = {
  /** E-g. "Dr Gregory House". */
  name: string;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
  /** What deactivation does, said before the user confirms. */
  consequence: string;
};

/** Two steps, so a slip of the finger does not lock someone out. */
export function DeactivateButton({
  name,
  onConfirm,
  pending,
  error,
  consequence,
}: DeactivateButtonProps) {
  const [confirming, setConfirming] = useState(false);

  return (
    <section className="danger-zone" aria-labelledby="deactivate-heading">
      <h2 id="deactivate-heading">Deactivate the account</h2>
      <p>{consequence}</p>
      {Boolean(error) && <ErrorMessage error={error} action={`deactivate ${name}`} />}
      {confirming ? (
        <div className="button-row" role="group" aria-label="Confirm deactivation">
          <button
            type="button"
            className="button button-danger"
            disabled={pending}
            onClick={onConfirm}
          >
            {pending ? 'Deactivating…' : `Yes, deactivate ${name}`}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setConfirming(false);
            }}
          >
            Keep the account
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            setConfirming(true);
          }}
        >
          Deactivate…
        </button>
      )}
    </section>
  );
}
