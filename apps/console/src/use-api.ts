import { useCallback, useEffect, useRef, useState } from 'react';
import { api, withQuery } from './api';

type Query = Record<string, string | number | boolean | undefined | null>;

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  busy: boolean;
  /** Reads again now (e.g. after an action or on a refresh button). */
  reload(): Promise<void>;
}

/**
 * `GET /api/console/<path>?<query>` while the page shows it: read again whenever the path or
 * query change and, with `refreshMs`, every so often. An answer to an older request than the
 * latest is dropped, so a slow answer never overwrites a newer one.
 */
export function useApiGet<T>(path: string, query?: Query, options: { refreshMs?: number } = {}): Loaded<T> {
  const url = withQuery(path, query);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const request = ++latest.current;
    setBusy(true);
    try {
      const answer = await api.get<T>(url);
      if (request === latest.current) {
        setData(answer);
        setError(null);
      }
    } catch (failure) {
      if (request === latest.current) {
        setData(null);
        setError(failure);
      }
    } finally {
      if (request === latest.current) setBusy(false);
    }
  }, [url]);
  const { refreshMs } = options;
  useEffect(() => {
    void reload();
    if (!refreshMs) return;
    const timer = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);
  return { data, error, busy, reload };
}
