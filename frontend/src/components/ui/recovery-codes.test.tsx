import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { RecoveryCodes } from '@/components/ui/recovery-codes';

const CODES = ['AAAA-BBBB-CCCC-DDDD', 'EEEE-FFFF-GGGG-HHHH'];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RecoveryCodes', () => {
  it('downloads the codes as a text file', async () => {
    const blobs: Blob[] = [];
    const names: string[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        blobs.push(blob);
        return 'blob:codes';
      }),
      revokeObjectURL: vi.fn(),
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    const user = userEvent.setup();
    render(<RecoveryCodes codes={CODES} />);

    await user.click(screen.getByRole('button', { name: 'Download as a text file' }));

    expect(names).toEqual(['recovery-codes.txt']);
    expect(blobs[0]?.type).toBe('text/plain');
    const text = await blobs[0]?.text();
    expect(text?.split('\n')).toEqual(expect.arrayContaining(CODES));
  });

  it('copies the codes, one a line, and says so', async () => {
    const user = userEvent.setup();
    render(<RecoveryCodes codes={CODES} />);

    await user.click(screen.getByRole('button', { name: 'Copy the codes' }));

    expect(await screen.findByRole('status')).toHaveTextContent('The codes are copied.');
    expect(await navigator.clipboard.readText()).toBe(CODES.join('\n'));
  });

  it('says when the browser would not copy them', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    render(<RecoveryCodes codes={CODES} />);

    await user.click(screen.getByRole('button', { name: 'Copy the codes' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'The codes could not be copied: select them or download them.',
    );
  });
});
