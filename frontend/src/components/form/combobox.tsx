import { type KeyboardEvent, type ReactNode, useId, useState } from 'react';

export type ComboboxOption = { id: number; label: string; detail?: ReactNode };

type ComboboxProps = {
  label: string;
  /** The form field that carries the chosen option's id ('' while none is chosen). */
  name: string;
  hint?: string;
  /** What is typed; the parent fetches the options for it. */
  text: string;
  onTextChange: (text: string) => void;
  options: ComboboxOption[];
  /** The chosen option, or null. */
  selected: ComboboxOption | null;
  onSelect: (option: ComboboxOption | null) => void;
  /** Read to screen readers as the list changes: "3 people found", "Type 2 letters or more". */
  status: string;
};

/**
 * An editable combobox with a list popup (WAI-ARIA 1.2): type to narrow, arrows to move, Enter to
 * choose, Escape to close the list (or clear the text when it is closed).
 */
export function Combobox({
  label,
  name,
  hint,
  text,
  onTextChange,
  options,
  selected,
  onSelect,
  status,
}: ComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const statusId = `${id}-status`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const expanded = open && options.length > 0;
  const activeOption = expanded && active >= 0 ? options[active] : undefined;

  function choose(option: ComboboxOption) {
    onSelect(option);
    onTextChange(option.label);
    setOpen(false);
    setActive(-1);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        setActive((current) => (options.length ? (current + 1) % options.length : -1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        setActive((current) =>
          options.length ? (current <= 0 ? options.length - 1 : current - 1) : -1,
        );
        break;
      case 'Enter':
        if (activeOption) {
          // Choosing an option is not submitting the form it sits in.
          event.preventDefault();
          choose(activeOption);
        }
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          onTextChange('');
          onSelect(null);
        }
        break;
      default:
        break;
    }
  }

  return (
    <div className="field combobox">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={activeOption ? `${listId}-${String(activeOption.id)}` : undefined}
        aria-describedby={[hint ? hintId : null, statusId].filter(Boolean).join(' ')}
        value={text}
        onChange={(event) => {
          onTextChange(event.target.value);
          onSelect(null);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={keyDown}
        onFocus={() => {
          setOpen(true);
        }}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
      />
      <input type="hidden" name={name} value={selected ? String(selected.id) : ''} />
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        className="combobox-list"
        hidden={!expanded}
      >
        {options.map((option, index) => (
          <li
            key={option.id}
            id={`${listId}-${String(option.id)}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'combobox-option combobox-active' : 'combobox-option'}
            // Keeps the focus in the input, so the blur does not close the list before the click.
            onMouseDown={(event) => {
              event.preventDefault();
            }}
            onClick={() => {
              choose(option);
            }}
          >
            {option.label}
            {option.detail && (
              <>
                {' '}
                <span className="muted">{option.detail}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <p id={statusId} role="status" className="visually-hidden">
        {status}
      </p>
    </div>
  );
}
