/** One-time recovery codes, shown only once: the user must keep them somewhere safe. */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  return (
    <div className="alert alert-info" role="region" aria-label="Recovery codes">
      <p>
        <strong>Save these recovery codes now.</strong> Each signs you in once if you lose your
        authenticator. They will not be shown again.
      </p>
      <ul className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
