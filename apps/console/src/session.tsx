import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, whenSessionLost } from './api';

export type Role = 'clerk' | 'operator' | 'admin' | 'auditor';

export interface SessionUser {
  userId: string;
  username: string;
  role: Role;
  regions: string[];
}

/** `GET` and `POST /api/console/session` answer this. */
interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
}

interface Session {
  /** undefined while the first `GET /api/console/session` is on its way; null when signed out. */
  user: SessionUser | null | undefined;
  /** Set when the server ended the session under us (expired, signed out elsewhere). */
  lost: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [lost, setLost] = useState(false);

  const adopt = useCallback((answer: SessionAnswer | null) => {
    setCsrfToken(answer?.csrfToken ?? null);
    setUser(answer?.user ?? null);
  }, []);

  useEffect(() => {
    whenSessionLost(() => {
      setLost(true);
      adopt(null);
    });
    api.get<SessionAnswer>('session').then(adopt, () => adopt(null));
    return () => whenSessionLost(null);
  }, [adopt]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      adopt(await api.post<SessionAnswer>('session', { username, password }));
      setLost(false);
    },
    [adopt],
  );
  const signOut = useCallback(async () => {
    try {
      await api.delete('session');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    adopt(null);
  }, [adopt]);

  const value = useMemo(() => ({ user, lost, signIn, signOut }), [user, lost, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** What each role may open. The server refuses the rest anyway; the UI only hides it. */
export const PAGES_BY_ROLE: Record<Role, readonly string[]> = {
  clerk: ['cases', 'manual-review'],
  operator: ['dashboard', 'health', 'dead-letters'],
  admin: ['cases', 'manual-review', 'dashboard', 'health', 'dead-letters', 'audit'],
  auditor: ['audit'],
};
