import { useEffect, useRef, useState } from 'react';

import { FieldFrame } from '@/components/form/field';
import { DATE_INPUT_FORMAT, formatDateInput, parseDateInput } from '@/lib/datetime';

type DateFieldProps = {
  label: string;
  /** Submitted with the form as YYYY-MM-DD (a hidden input), as the API takes dates. */
  name?: string;
  /** YYYY-MM-DD, for a field the form reads on submit. */
  defaultValue?: string;
  /** YYYY-MM-DD, for a field its owner keeps (with onChange). */
  value?: string;
  /** Called with YYYY-MM-DD once what is typed is a date, or '' when it is cleared. */
  onChange?: (day: string) => void;
  required?: boolean;
  errors?: string[] | undefined;
  hint?: string;
};

/**
 * A date typed the clinic's way (dd/mm/yyyy in en-GB), whatever the browser's language: a
 * native date input shows the browser's own format, which differs from every date on the page.
 */
export function DateField({
  label,
  name,
  defaultValue = '',
  value,
  onChange,
  required,
  errors,
  hint,
}: DateFieldProps) {
  const initial = value ?? defaultValue;
  const [text, setText] = useState(() => formatDateInput(initial));
  const [shown, setShown] = useState(initial);
  const [unreadable, setUnreadable] = useState(false);
  // The owner moved the date (a "next week" button): show its new value.
  if (value !== undefined && value !== shown) {
    setShown(value);
    if (parseDateInput(text) !== value) {
      setText(formatDateInput(value));
      setUnreadable(false);
    }
  }
  // A form's reset() puts its fields back to their defaults; this one's text is state.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const form = input.current?.form;
    if (!form || value !== undefined) {
      return undefined;
    }
    const restore = () => {
      setText(formatDateInput(defaultValue));
      setUnreadable(false);
    };
    form.addEventListener('reset', restore);
    return () => {
      form.removeEventListener('reset', restore);
    };
  }, [defaultValue, value]);
  const day = parseDateInput(text);
  const problems = unreadable
    ? [`Enter the date as ${DATE_INPUT_FORMAT}, for example ${formatDateInput('2027-03-31')}.`]
    : errors;

  return (
    <FieldFrame label={label} errors={problems} hint={hint ?? `As ${DATE_INPUT_FORMAT}`}>
      {({ id, describedBy, invalid }) => (
        <>
          <input
            ref={input}
            id={id}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            size={12}
            required={required}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={text}
            onChange={(event) => {
              const next = event.target.value;
              setText(next);
              const parsed = parseDateInput(next);
              if (parsed !== null) {
                setUnreadable(false);
              }
              if (parsed !== null || next.trim() === '') {
                setShown(parsed ?? '');
                onChange?.(parsed ?? '');
              }
            }}
            onBlur={() => {
              setUnreadable(text.trim() !== '' && parseDateInput(text) === null);
            }}
          />
          {name !== undefined && <input type="hidden" name={name} value={day ?? text.trim()} />}
        </>
      )}
    </FieldFrame>
  );
}
