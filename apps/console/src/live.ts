import { useEffect, useRef, useState } from 'react';
import { reportSessionLost } from './api';

/**
 * Live updates from `GET /api/console/events` (server-sent events). The session cookie goes with
 * the request (same origin); no token is ever put in the URL. EventSource reconnects by itself;
 * `connected` says whether the stream is open now. `session-ended` sends the user back to sign-in.
 */
export function useServerEvents<T>(eventName: 'dashboard' | 'case', onEvent: (data: T) => void, query?: Record<string, string>): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const queryText = new URLSearchParams(query ?? {}).toString();
  useEffect(() => {
    const source = new EventSource(`/api/console/events${queryText ? `?${queryText}` : ''}`, { withCredentials: true });
    const listener = (event: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(event.data) as T);
      } catch {
        // A malformed event is ignored; the next snapshot replaces it.
      }
    };
    source.addEventListener(eventName, listener as EventListener);
    // Signed out, expired or disabled: the server ends the stream; reconnecting would only be refused.
    const ended = () => {
      source.close();
      setConnected(false);
      reportSessionLost();
    };
    source.addEventListener('session-ended', ended);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    return () => {
      source.removeEventListener(eventName, listener as EventListener);
      source.removeEventListener('session-ended', ended);
      source.close();
    };
  }, [eventName, queryText]);
  return { connected };
}
