import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { ApiError, setUnauthorizedListener } from "../api/api-client.js";
import type { SessionUser } from "../api/contract.js";
import { api } from "../api/endpoints.js";
import { can, type Permission } from "./permissions.js";

export type SessionState =
  | { status: "checking" }
  | { status: "anonymous"; ended: boolean }
  | { status: "loggedIn"; user: SessionUser };

export interface Session {
  state: SessionState;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Who is logged in: asked once at start; a 401 from any call ends the session in the UI. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "checking" });

  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (user) => setState({ status: "loggedIn", user }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status !== 401) console.error(error);
        setState({ status: "anonymous", ended: false });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    setUnauthorizedListener(() =>
      setState((current) =>
        current.status === "loggedIn" ? { status: "anonymous", ended: true } : current,
      ),
    );
    return () => setUnauthorizedListener(undefined);
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const { user } = await api.login(email, password);
    setState({ status: "loggedIn", user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ status: "anonymous", ended: false });
    }
  }, []);

  const value = useMemo<Session>(
    () => ({
      state,
      login,
      logout,
      can: (permission) => state.status === "loggedIn" && can(state.user.role, permission),
    }),
    [state, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The logged-in user; only for pages shown after login. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== "loggedIn") throw new Error("useUser before login");
  return state.user;
}
