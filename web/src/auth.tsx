import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api, ApiError, onUnauthenticated, setCsrfToken, unwrap, type paths } from './api/client';

export type Me = paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json']['user'];

interface Session {
  me: Me | null;
  loading: boolean;
  /** Whether the signed-in user holds a permission (buttons and menus follow the server's rules). */
  can: (permission: string) => boolean;
  refresh: () => Promise<unknown>;
}

const SessionContext = createContext<Session | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const out = await unwrap(api.GET('/api/v1/auth/me'));
    setCsrfToken(out.csrfToken);
    return out.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 60_000, retry: false });
  useEffect(
    () =>
      onUnauthenticated(() => {
        queryClient.setQueryData(['me'], null);
      }),
    [queryClient],
  );
  const me = query.data ?? null;
  const value: Session = {
    me,
    loading: query.isLoading,
    can: (permission) => !!me && me.permissions.includes(permission),
    refresh: () => query.refetch(),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) {
    throw new Error('useSession outside SessionProvider');
  }
  return ctx;
}
