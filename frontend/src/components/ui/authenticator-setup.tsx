import { lazy, Suspense } from 'react';

// Loaded with the set-up only: the QR encoder stays out of the sign-in page's first load.
const QRCodeSVG = lazy(() =>
  import('qrcode.react').then((module) => ({ default: module.QRCodeSVG })),
);

type AuthenticatorSetupProps = {
  /** The otpauth:// URI the enrolment answered; drawn here, never sent to a QR service. */
  uri: string;
  secret: string;
};

/** How to add the account to an authenticator app: scan the QR code, open the link, or type the key. */
export function AuthenticatorSetup({ uri, secret }: AuthenticatorSetupProps) {
  return (
    <div className="alert alert-info authenticator-setup">
      <Suspense fallback={<p className="muted">Drawing the QR code…</p>}>
        <QRCodeSVG
          value={uri}
          size={192}
          marginSize={4}
          role="img"
          aria-label="QR code of the set-up link, for your authenticator app"
          className="qr-code"
        />
      </Suspense>
      <p>
        Scan this QR code with your authenticator app, or open <a href={uri}>the set-up link</a> on
        this device, or type the key <code>{secret}</code>. Then enter the code it shows.
      </p>
    </div>
  );
}
