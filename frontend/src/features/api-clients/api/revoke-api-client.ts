import { useMutation, useQueryClient } from '@tanstack/react-query';

import { API_CLIENTS_QUERY_KEY, type ApiClient } from '@/features/api-clients/api/get-api-clients';
import { api } from '@/lib/api-client';

export function revokeApiClient(id: number): Promise<ApiClient> {
  return api.post<ApiClient>(`/api-clients/${String(id)}/revoke/`);
}

export function useRevokeApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiClient,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: API_CLIENTS_QUERY_KEY });
    },
  });
}
