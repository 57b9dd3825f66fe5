import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';
import type { SessionUser } from './types.ts';

export const SESSION_KEY = ['session'] as const;

/** The signed-in user, or null when there is no valid session. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionUser | null> => {
      try {
        return (await api.session()).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
