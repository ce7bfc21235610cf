import { useEffect, useState } from 'react';

/** The app lives under /console/ (Vite's base); the gateway answers every path there with index.html. */
export const BASE = '/console';

const listeners = new Set<() => void>();

/** The path inside the console, e.g. `/cases/0b6…`, without the base. */
export function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : window.location.pathname;
  return path === '' ? '/' : path;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = `${BASE}${path}`;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

/** The current path and query, re-rendered on navigate() and on the browser's back and forward. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: currentPath(), search: new URLSearchParams(window.location.search) };
}

/** An in-app link: a real href (open in a new tab works), navigated without reloading. */
export function Link({ to, children, testId }: { to: string; children: React.ReactNode; testId?: string }) {
  return (
    <a
      href={`${BASE}${to}`}
      data-testid={testId}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
