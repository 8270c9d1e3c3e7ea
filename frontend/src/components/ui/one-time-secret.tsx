import { useId, useState, type ReactNode } from 'react';

/**
 * A secret the server shows this once (it keeps only a hash or will not show it again): the
 * values, a copy button for the secret, and a dismissal that says the user has stored it.
 */
export function OneTimeSecret({
  heading,
  children,
  values,
  secret,
  onDismiss,
}: {
  heading: string;
  /** What the secret is for and why it must be copied now. */
  children: ReactNode;
  values: { term: string; value: string }[];
  secret: string;
  onDismiss: () => void;
}) {
  const headingId = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }

  return (
    <section className="alert alert-warning" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p>{children}</p>
      <dl>
        {values.map(({ term, value }) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>
              <code aria-label={term}>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy the secret'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDismiss}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
