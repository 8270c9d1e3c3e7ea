import { useState } from 'react';

import { saveBlob } from '@/lib/download';

/** One-time recovery codes, shown only once: the user must keep them somewhere safe. */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin) or no permission.
      setCopied(false);
    }
  }
  const text = `Patient Tracker recovery codes. Each one signs you in once.\n\n${codes.join('\n')}\n`;

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
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            saveBlob(new Blob([text], { type: 'text/plain' }), 'recovery-codes.txt');
          }}
        >
          Download as a text file
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            void copy();
          }}
        >
          Copy the codes
        </button>
      </div>
      <p role="status">
        {copied === true && 'The codes are copied.'}
        {copied === false && 'The codes could not be copied: select them or download them.'}
      </p>
    </div>
  );
}
