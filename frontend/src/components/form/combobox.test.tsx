import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { Combobox, type ComboboxOption } from '@/components/form/combobox';

const PEOPLE: ComboboxOption[] = [
  { id: 3, label: 'Meredith Grey', detail: '(doctor)' },
  { id: 7, label: 'Greta Greyson', detail: '(patient)' },
];

/** The combobox as a parent uses it: it narrows the options to what is typed. */
function Harness() {
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<ComboboxOption | null>(null);
  const options =
    text.length >= 2 && !selected
      ? PEOPLE.filter((person) => person.label.toLowerCase().includes(text.toLowerCase()))
      : [];
  return (
    <form aria-label="f">
      <Combobox
        label="Actor"
        name="actor"
        text={text}
        onTextChange={setText}
        options={options}
        selected={selected}
        onSelect={setSelected}
        status={selected ? `${selected.label} chosen` : `${String(options.length)} found`}
      />
    </form>
  );
}

function submitted() {
  return Object.fromEntries(new FormData(screen.getByRole<HTMLFormElement>('form', { name: 'f' })));
}

describe('Combobox', () => {
  it('is a combobox with a list popup that opens as the user types', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Actor' });
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveAttribute('aria-autocomplete', 'list');
    expect(screen.queryByRole('listbox')).toBeNull();

    await user.type(input, 'gre');

    expect(input).toHaveAttribute('aria-expanded', 'true');
    const list = screen.getByRole('listbox', { name: 'Actor' });
    expect(input).toHaveAttribute('aria-controls', list.id);
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Meredith Grey (doctor)',
      'Greta Greyson (patient)',
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('2 found');
    expect(submitted()).toEqual({ actor: '' });
  });

  it('moves with the arrow keys and chooses with Enter, without submitting the form', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Actor' });
    await user.type(input, 'gre');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    const second = screen.getByRole('option', { name: 'Greta Greyson (patient)' });
    expect(second).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', second.id);
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: 'Meredith Grey (doctor)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await user.keyboard('{ArrowUp}{Enter}');

    expect(input).toHaveValue('Greta Greyson');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).not.toHaveAttribute('aria-activedescendant');
    expect(submitted()).toEqual({ actor: '7' });
    expect(screen.getByRole('status')).toHaveTextContent('Greta Greyson chosen');
  });

  it('chooses with a click, and typing again forgets the choice', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Actor' });
    await user.type(input, 'grey');
    await user.click(screen.getByRole('option', { name: 'Meredith Grey (doctor)' }));
    expect(submitted()).toEqual({ actor: '3' });
    expect(input).toHaveFocus();

    await user.type(input, 'x');
    expect(submitted()).toEqual({ actor: '' });
  });

  it('closes the list with Escape, then clears the text with a second Escape', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Actor' });
    await user.type(input, 'gre');
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('gre');
    await user.keyboard('{Escape}');
    expect(input).toHaveValue('');
  });
});
