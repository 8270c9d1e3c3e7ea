import { useState } from 'react';

import { Combobox, type ComboboxOption } from '@/components/form/combobox';
import {
  PEOPLE_QUERY_MIN_LENGTH,
  type PersonRole,
  usePeople,
} from '@/features/audit/api/get-people';
import { useDebouncedValue } from '@/lib/use-debounced-value';

const ROLE_NAMES: Record<PersonRole, string> = {
  patient: 'patient',
  doctor: 'doctor',
  nurse: 'nurse',
  admin: 'admin',
};

type PersonFilterProps = {
  label: string;
  /** The form field that carries the chosen person's id. */
  name: string;
  /** Only people of this role are suggested. */
  role?: PersonRole;
  /** The person the filter applies now (from the address), if any. */
  initial: ComboboxOption | null;
  onChoose?: (option: ComboboxOption) => void;
};

/** Choose a person by typing their name: the audit log filters by the id behind it. */
export function PersonFilter({ label, name, role, initial, onChoose }: PersonFilterProps) {
  const [text, setText] = useState(initial?.label ?? '');
  const [selected, setSelected] = useState<ComboboxOption | null>(initial);
  // The name behind an id from the address may arrive after the first render: shown unless edited.
  const [shownInitial, setShownInitial] = useState(initial);
  if (initial?.label !== shownInitial?.label) {
    setShownInitial(initial);
    if (selected?.id === initial?.id && text === (shownInitial?.label ?? '')) {
      setText(initial?.label ?? '');
      setSelected(initial);
    }
  }
  const typed = useDebouncedValue(text.trim());
  const searching = !selected && typed.length >= PEOPLE_QUERY_MIN_LENGTH;
  const people = usePeople({ q: searching ? typed : '', role });
  const options: ComboboxOption[] =
    searching && people.isSuccess
      ? people.data.results.map((person) => ({
          id: person.id,
          label: person.full_name,
          detail: `(${[ROLE_NAMES[person.role], person.is_active ? '' : 'inactive', person.email]
            .filter(Boolean)
            .join(', ')})`,
        }))
      : [];

  let status = '';
  if (selected) {
    status = `${selected.label} chosen`;
  } else if (text.trim().length < PEOPLE_QUERY_MIN_LENGTH) {
    status = text ? `Type ${String(PEOPLE_QUERY_MIN_LENGTH)} letters or more` : '';
  } else if (people.isError) {
    status = 'The look-up failed; try again';
  } else if (searching && people.isSuccess) {
    const { count } = people.data;
    const shown = options.length;
    if (count === 0) {
      status = 'Nobody found';
    } else if (count > shown) {
      status = `${String(shown)} of ${String(count)} people shown; type more to narrow`;
    } else {
      status = count === 1 ? '1 person found' : `${String(count)} people found`;
    }
  }

  return (
    <Combobox
      label={label}
      name={name}
      hint="Type a name, then choose from the list"
      text={text}
      onTextChange={setText}
      options={options}
      selected={selected}
      onSelect={(option) => {
        setSelected(option);
        if (option) {
          onChoose?.(option);
        }
      }}
      status={status}
    />
  );
}
