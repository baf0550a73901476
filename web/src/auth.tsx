import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api, onUnauthenticated, setCsrfToken, unwrap, type paths } from './api/client';

export type Me = paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json']['user'];

interface Session {
  me: Me | null;
  loading: boolean;
  /** Whether the signed-in user holds a permission (buttons and menus follow the server's rules). */
  can: (permission: string) => boolean;
  refresh: () => Promise<unknown>;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in; `/auth/session` answers 200 either way, so a signed-out page logs no error. */
async function fetchMe(): Promise<Me | null> {
  const out = await unwrap(api.GET('/api/v1/auth/session'));
  setCsrfToken(out.csrfToken);
  return out.user;
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
