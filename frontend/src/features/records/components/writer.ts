/** Who wrote an entry or a version: a person, or an API client (then the person is null). */
export function writerName(
  person: { full_name: string } | null,
  client: { name: string } | null,
): string {
  if (person) {
    return person.full_name;
  }
  return client ? `${client.name} (API client)` : 'Unknown';
}
