import { type SubmitEvent, useState } from 'react';

import { TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useEnrolMfaAtSignIn } from '@/features/auth/api/enrol-mfa-at-sign-in';
import type { Me } from '@/features/auth/api/get-me';
import type { MfaChallenge } from '@/features/auth/api/sign-in';
import { useVerifyMfa } from '@/features/auth/api/verify-mfa';
import { AuthenticatorSetup } from '@/components/ui/authenticator-setup';
import { RecoveryCodes } from '@/components/ui/recovery-codes';
import { ApiError } from '@/lib/api-client';
import { fieldErrorsOf, formText } from '@/lib/form-errors';

type MfaStepProps = {
  challenge: MfaChallenge;
  onSignedIn: (me: Me) => void;
  onRestart: () => void;
};

/** The second step of a staff sign-in: set up an authenticator if needed, then a code. */
export function MfaStep({ challenge, onSignedIn, onRestart }: MfaStepProps) {
  const enrol = useEnrolMfaAtSignIn();
  const [done, setDone] = useState<{ me: Me; codes: string[] } | null>(null);
  const verify = useVerifyMfa({
    onSuccess: ({ me, recoveryCodes }) => {
      if (recoveryCodes.length > 0) {
        setDone({ me, codes: recoveryCodes });
      } else {
        onSignedIn(me);
      }
    },
  });
  const expired =
    verify.error instanceof ApiError &&
    verify.error.status === 401 &&
    verify.error.code === 'mfa_token_invalid';
  const wrongCode = verify.error instanceof ApiError && verify.error.code === 'mfa_code_invalid';

  if (done) {
    return (
      <div className="form">
        <RecoveryCodes codes={done.codes} />
        <button
          type="button"
          className="button"
          onClick={() => {
            onSignedIn(done.me);
          }}
        >
          I have saved the codes: continue
        </button>
      </div>
    );
  }

  if (challenge.enrolment_required && !enrol.data) {
    return (
      <div className="form">
        <p>
          The clinic asks staff to confirm each sign-in with an authenticator app. Set one up now.
        </p>
        {enrol.error && <ErrorMessage error={enrol.error} action="start the set-up" />}
        <button
          type="button"
          className="button"
          disabled={enrol.isPending}
          onClick={() => {
            enrol.mutate(challenge.mfa_token);
          }}
        >
          Set up an authenticator
        </button>
      </div>
    );
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    verify.mutate({
      mfa_token: challenge.mfa_token,
      code: formText(new FormData(event.currentTarget), 'code'),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Second step">
      {enrol.data && <AuthenticatorSetup uri={enrol.data.otpauth_uri} secret={enrol.data.secret} />}
      {expired ? (
        <div role="alert" className="alert alert-error">
          <p>This sign-in took too long. Please start again.</p>
          <button type="button" className="button button-secondary" onClick={onRestart}>
            Start again
          </button>
        </div>
      ) : (
        verify.error &&
        !wrongCode &&
        Object.keys(fieldErrorsOf(verify.error)).length === 0 && (
          <ErrorMessage error={verify.error} action="check the code" />
        )
      )}
      <TextField
        label="Code from your authenticator app (or a recovery code)"
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        required
        errors={
          wrongCode
            ? ['That code is not right, or has expired. Try the current one.']
            : fieldErrorsOf(verify.error).code
        }
      />
      <button type="submit" className="button" disabled={verify.isPending}>
        {verify.isPending ? 'Checking…' : 'Confirm'}
      </button>
    </form>
  );
}
