import { type SubmitEvent, useState } from 'react';

import { TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { AuthenticatorSetup } from '@/components/ui/authenticator-setup';
import { RecoveryCodes } from '@/components/ui/recovery-codes';
import { useConfirmMfa } from '@/features/security/api/confirm-mfa';
import { useDisableMfa } from '@/features/security/api/disable-mfa';
import { useEnrolMfa } from '@/features/security/api/enrol-mfa';
import { useMfaStatus } from '@/features/security/api/get-mfa-status';
import { useRegenerateRecoveryCodes } from '@/features/security/api/regenerate-recovery-codes';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/datetime';
import { formText } from '@/lib/form-errors';

function codeErrors(error: unknown): string[] | undefined {
  return error instanceof ApiError && error.code === 'mfa_code_invalid'
    ? ['That code is not right, or has expired. Try the current one.']
    : undefined;
}

function otherError(error: unknown): unknown {
  return error && !codeErrors(error) ? error : null;
}

/** Staff: set up, replace the recovery codes of, or turn off the authenticator. */
export function TwoFactorSettings() {
  const status = useMfaStatus();
  const enrol = useEnrolMfa();
  const confirm = useConfirmMfa();
  const disable = useDisableMfa();
  const regenerate = useRegenerateRecoveryCodes();
  const [codes, setCodes] = useState<string[] | null>(null);

  if (status.isPending) {
    return <Loading />;
  }
  if (status.isError) {
    return <ErrorMessage error={status.error} action="load the sign-in settings" />;
  }

  function read(event: SubmitEvent<HTMLFormElement>): string {
    event.preventDefault();
    const formElement = event.currentTarget;
    const code = formText(new FormData(formElement), 'code');
    formElement.reset();
    return code;
  }

  const mfa = status.data;
  return (
    <div className="stack narrow-content">
      {codes && <RecoveryCodes codes={codes} />}
      {mfa.enabled ? (
        <>
          <p role="status" className="alert alert-success">
            Two-step sign-in is on
            {mfa.confirmed_at && ` since ${formatDateTime(mfa.confirmed_at)}`}.{' '}
            {mfa.recovery_codes_left} recovery codes left.
          </p>
          <form
            className="form"
            aria-label="New recovery codes"
            onSubmit={(event) => {
              regenerate.mutate(read(event), {
                onSuccess: (answer) => {
                  setCodes(answer.recovery_codes);
                },
              });
            }}
          >
            <h2>New recovery codes</h2>
            {Boolean(otherError(regenerate.error)) && (
              <ErrorMessage error={regenerate.error} action="replace the codes" />
            )}
            <TextField
              label="Current code (for new recovery codes)"
              name="code"
              autoComplete="one-time-code"
              errors={codeErrors(regenerate.error)}
            />
            <button type="submit" className="button" disabled={regenerate.isPending}>
              Replace the recovery codes
            </button>
          </form>
          <form
            className="form"
            aria-label="Turn off two-step sign-in"
            onSubmit={(event) => {
              setCodes(null);
              disable.mutate(read(event));
            }}
          >
            <h2>Turn off</h2>
            {mfa.clinic_requires_mfa && (
              <p>The clinic requires it: your next sign-in will ask you to set it up again.</p>
            )}
            {Boolean(otherError(disable.error)) && (
              <ErrorMessage error={disable.error} action="turn it off" />
            )}
            <TextField
              label="Current code (to turn off)"
              name="code"
              autoComplete="one-time-code"
              errors={codeErrors(disable.error)}
            />
            <button type="submit" className="button button-danger" disabled={disable.isPending}>
              Turn off two-step sign-in
            </button>
          </form>
        </>
      ) : (
        <>
          <p>
            Two-step sign-in asks for a code from an authenticator app after your password, so a
            stolen password alone cannot open your account.
            {mfa.clinic_requires_mfa && ' The clinic requires it for staff.'}
          </p>
          {enrol.error && <ErrorMessage error={enrol.error} action="start the set-up" />}
          {!enrol.data ? (
            <button
              type="button"
              className="button"
              disabled={enrol.isPending}
              onClick={() => {
                enrol.mutate();
              }}
            >
              Set up an authenticator
            </button>
          ) : (
            <form
              className="form"
              aria-label="Confirm the authenticator"
              onSubmit={(event) => {
                confirm.mutate(read(event), {
                  onSuccess: (answer) => {
                    setCodes(answer.recovery_codes);
                    enrol.reset();
                  },
                });
              }}
            >
              <AuthenticatorSetup uri={enrol.data.otpauth_uri} secret={enrol.data.secret} />
              {Boolean(otherError(confirm.error)) && (
                <ErrorMessage error={confirm.error} action="confirm the authenticator" />
              )}
              <TextField
                label="Code from your authenticator app"
                name="code"
                autoComplete="one-time-code"
                errors={codeErrors(confirm.error)}
              />
              <button type="submit" className="button" disabled={confirm.isPending}>
                Turn on two-step sign-in
              </button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
