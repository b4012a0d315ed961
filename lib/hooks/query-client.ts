/** The QueryClient factory: staleTime, retry and global error defaults live here and only here. */
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiProblem } from "@/lib/hooks/fetcher";

/** Reads of cluster objects are fresh for 15 s (the demo's flow-log flush interval). */
export const DEFAULT_STALE_TIME_MS = 15_000;

/**
 * Builds the app's QueryClient. `onUnauthenticated` runs when any call answers 401 (the session
 * ended): the shell sends the user to /login. 4xx are not retried (they will not change);
 * other failures retry twice.
 */
export function createQueryClient(onUnauthenticated: () => void): QueryClient {
  const onError = (error: unknown): void => {
    if (isApiProblem(error) && error.status === 401) onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: DEFAULT_STALE_TIME_MS,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => !(isApiProblem(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
