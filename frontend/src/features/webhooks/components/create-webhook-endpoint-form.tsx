import { type SubmitEvent } from 'react';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useCreateWebhookEndpoint } from '@/features/webhooks/api/create-webhook-endpoint';
import type {
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '@/features/webhooks/api/get-webhook-endpoints';
import { useWebhookEventTypes } from '@/features/webhooks/api/get-webhook-event-types';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['url', 'event_types', 'description'] as const;

export function CreateWebhookEndpointForm({
  onCreated,
}: {
  onCreated: (endpoint: WebhookEndpointWithSecret) => void;
}) {
  const eventTypes = useWebhookEventTypes();
  const create = useCreateWebhookEndpoint({ onSuccess: onCreated });
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      url: formText(form, 'url'),
      description: formText(form, 'description'),
      event_types: form.getAll('event_types').map(String) as WebhookEventType[],
    });
  }

  if (eventTypes.isPending) return <Loading label="Loading event types…" />;
  if (eventTypes.isError)
    return <ErrorMessage error={eventTypes.error} action="load the event types" />;
  return (
    <form onSubmit={submit} noValidate className="form" aria-label="New webhook endpoint">
      {create.error && <ErrorMessage error={create.error} action="create the endpoint" />}
      <TextField label="URL (https)" name="url" type="url" required errors={errors.url} />
      <TextField label="Description (optional)" name="description" errors={errors.description} />
      <fieldset>
        <legend>Events</legend>
        {eventTypes.data.map((eventType) => (
          <label key={eventType.type} className="checkbox">
            <input type="checkbox" name="event_types" value={eventType.type} />{' '}
            {eventType.description} (<code>{eventType.type}</code>)
          </label>
        ))}
        <FormErrors messages={errors.event_types ?? []} />
      </fieldset>
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create endpoint'}
      </button>
    </form>
  );
}
