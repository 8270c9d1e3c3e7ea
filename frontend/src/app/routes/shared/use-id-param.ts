import { useParams } from 'react-router';

/** The numeric `:id` of the address; NaN for anything else (the API then answers 404). */
export function useIdParam(): number {
  const { id } = useParams();
  return /^\d+$/.test(id ?? '') ? Number(id) : Number.NaN;
}
