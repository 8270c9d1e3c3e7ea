import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  API_CLIENTS_QUERY_KEY,
  type ApiClientWithSecret,
} from '@/features/api-clients/api/get-api-clients';
import { api } from '@/lib/api-client';

export function rotateApiClientSecret(id: number): Promise<ApiClientWithSecret> {
  return api.post<ApiClientWithSecret>(`/api-clients/${String(id)}/rotate-secret/`);
}

export function useRotateApiClientSecret({
  onSuccess,
}: { onSuccess?: (client: ApiClientWithSecret) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateApiClientSecret,
    onSuccess: async (client) => {
      await queryClient.invalidateQueries({ queryKey: API_CLIENTS_QUERY_KEY });
      onSuccess?.(client);
    },
  });
}
