/** The signed-in user: loaded from /auth/me, set by login, cleared by logout or any 401. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onAuthProblem } from './api';

export type Role = 'admin' | 'supervisor' | 'auditor' | 'institution';
export const BUREAU_ROLES: Role[] = ['admin', 'supervisor', 'auditor'];

export interface User {
  user_id: number;
  username: string;
  display_name: string;
  role: Role;
  fixmedins_code: string | null;
  must_change_now?: boolean;
  must_change_password?: boolean;
}

interface Auth {
  user: User | null;
  /** True until /auth/me has answered once. */
  loading: boolean;
  mustChange: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [mustChange, setMustChange] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const r = await api.get<{ user: User }>('/auth/me');
      setUser(r.user);
      setMustChange(!!r.user.must_change_now);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => onAuthProblem((e) => {
    if (e.status === 401) setUser(null);
    if (e.code === 'password_change_required') setMustChange(true);
  }), []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api.post<{ user: User; must_change_password: boolean }>('/auth/login', { username, password });
    setUser(r.user);
    setMustChange(!!r.must_change_password);
    return r.user;
  }, []);

  const logout = useCallback(async () => {
    try { await api.post('/auth/logout'); } catch { /* the session may be gone already */ }
    setUser(null);
    setMustChange(false);
  }, []);

  const value = useMemo(() => ({ user, loading, mustChange, login, logout, refresh }), [user, loading, mustChange, login, logout, refresh]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(Ctx);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

export const isBureau = (u: User | null) => !!u && BUREAU_ROLES.includes(u.role);
