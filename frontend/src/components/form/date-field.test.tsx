import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { DateField } from '@/components/form/date-field';

function submitted(form: HTMLFormElement) {
  return Object.fromEntries(new FormData(form));
}

describe('DateField', () => {
  it('shows the default in the clinic’s format and submits what is typed as an ISO date', async () => {
    const user = userEvent.setup();
    render(
      <form aria-label="f">
        <DateField label="Date of birth" name="date_of_birth" defaultValue="1990-04-01" />
      </form>,
    );
    const input = screen.getByLabelText('Date of birth');
    const form = screen.getByRole<HTMLFormElement>('form', { name: 'f' });
    expect(input).toHaveValue('01/04/1990');
    expect(input).toHaveAccessibleDescription('As dd/mm/yyyy');
    expect(submitted(form)).toEqual({ date_of_birth: '1990-04-01' });

    await user.clear(input);
    await user.type(input, '15/6/1985');
    expect(submitted(form)).toEqual({ date_of_birth: '1985-06-15' });

    form.reset();
    expect(await screen.findByDisplayValue('01/04/1990')).toBe(input);
  });

  it('marks what is not a date when the field is left, and keeps the text', async () => {
    const user = userEvent.setup();
    render(<DateField label="From" name="date_from" />);
    const input = screen.getByLabelText('From');

    await user.type(input, '31/02/2027');
    expect(input).not.toHaveAttribute('aria-invalid');
    await user.tab();

    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(
      'As dd/mm/yyyy Enter the date as dd/mm/yyyy, for example 31/03/2027.',
    );
    expect(input).toHaveValue('31/02/2027');

    await user.clear(input);
    await user.type(input, '28/02/2027');
    expect(input).not.toHaveAttribute('aria-invalid');
  });

  it('follows a value its owner moves, and reports typed dates', async () => {
    const user = userEvent.setup();
    const seen: string[] = [];
    function Owner() {
      const [day, setDay] = useState('2027-03-01');
      return (
        <>
          <DateField
            label="Day"
            value={day}
            onChange={(next) => {
              seen.push(next);
              setDay(next);
            }}
          />
          <button
            type="button"
            onClick={() => {
              setDay('2027-03-08');
            }}
          >
            Next week
          </button>
        </>
      );
    }
    render(<Owner />);
    const input = screen.getByLabelText('Day');
    expect(input).toHaveValue('01/03/2027');

    await user.click(screen.getByRole('button', { name: 'Next week' }));
    expect(input).toHaveValue('08/03/2027');

    await user.clear(input);
    await user.type(input, '09/03/2027');
    expect(seen).toEqual(['', '2027-03-09']);
    expect(input).toHaveValue('09/03/2027');
  });
});
