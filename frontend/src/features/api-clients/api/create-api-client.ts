import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  API_CLIENTS_QUERY_KEY,
  type ApiClientWithSecret,
} from '@/features/api-clients/api/get-api-clients';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type ApiClientCreateInput = Schemas['ApiClientInputRequest'];

export function createApiClient(input: ApiClientCreateInput): Promise<ApiClientWithSecret> {
  return api.post<ApiClientWithSecret>('/api-clients/', input);
}

export function useCreateApiClient({
  onSuccess,
}: { onSuccess?: (client: ApiClientWithSecret) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiClient,
    onSuccess: async (client) => {
      await queryClient.invalidateQueries({ queryKey: API_CLIENTS_QUERY_KEY });
      onSuccess?.(client);
    },
  });
}
