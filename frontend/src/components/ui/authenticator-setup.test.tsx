import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { AuthenticatorSetup } from '@/components/ui/authenticator-setup';

const URI =
  'otpauth://totp/Patient%20Tracker:nurse.joy?secret=JBSWY3DPEHPK3PXP&issuer=Patient%20Tracker';

async function drawn(uri: string) {
  const { unmount } = render(<AuthenticatorSetup uri={uri} secret="JBSWY3DPEHPK3PXP" />);
  const qr = await screen.findByRole('img', {
    name: 'QR code of the set-up link, for your authenticator app',
  });
  const svg = qr.outerHTML;
  unmount();
  return svg;
}

describe('AuthenticatorSetup', () => {
  it('draws the set-up link as a QR code on the page, and offers the link and the key', async () => {
    render(<AuthenticatorSetup uri={URI} secret="JBSWY3DPEHPK3PXP" />);

    const qr = await screen.findByRole('img', {
      name: 'QR code of the set-up link, for your authenticator app',
    });
    expect(qr.tagName.toLowerCase()).toBe('svg');
    // Drawn here from the URI: no image fetched from a QR service.
    expect(qr.querySelector('path')).not.toBeNull();
    expect(document.querySelector('img[src], image[href]')).toBeNull();
    expect(screen.getByRole('link', { name: 'the set-up link' })).toHaveAttribute('href', URI);
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeVisible();
  });

  it('encodes the URI it is given', async () => {
    const one = await drawn(URI);
    const other = await drawn(URI.replace('JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU'));
    expect(one).not.toBe(other);
    expect(await drawn(URI)).toBe(one);
  });
});
