import { api, ApiError, setCsrfToken, whenSessionLost, withQuery } from './api';

describe('the console\'s API client', () => {
  const calls: { url: string; init: RequestInit }[] = [];
  let answer: { status: number; body?: unknown };
  beforeEach(() => {
    calls.length = 0;
    answer = { status: 200, body: {} };
    global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
    }) as typeof fetch;
    setCsrfToken(null);
    whenSessionLost(null);
  });

  it('leaves empty query values out', () => {
    expect(withQuery('cases', { state: 'open', atRisk: true, hospitalId: '', cursor: undefined, region: null })).toBe('cases?state=open&atRisk=true');
    expect(withQuery('cases')).toBe('cases');
  });

  it('sends the CSRF token on changes only, never in the URL', async () => {
    setCsrfToken('csrf-1');
    await api.get('dashboard');
    await api.post('cases/c1/notes', { text: 'x' });
    expect(calls.map((c) => [c.init.method, c.url, (c.init.headers as Record<string, string>)['x-csrf-token']])).toEqual([
      ['GET', '/api/console/dashboard', undefined],
      ['POST', '/api/console/cases/c1/notes', 'csrf-1'],
    ]);
    expect(calls.every((c) => c.init.credentials === 'same-origin' && !c.url.includes('csrf'))).toBe(true);
  });

  it('turns the error shape into an ApiError, and a 401 into "session lost" (not for the session call itself)', async () => {
    const lost = jest.fn();
    whenSessionLost(lost);
    answer = { status: 403, body: { errors: [{ field: 'caseId', code: 'REGION_FORBIDDEN', message: { zh: '不在您的辖区', en: 'Not in your regions' } }] } };
    await expect(api.get('cases/c1')).rejects.toMatchObject({ status: 403, code: 'REGION_FORBIDDEN' });
    expect(lost).not.toHaveBeenCalled();
    answer = { status: 401, body: { errors: [{ field: 'session', code: 'SESSION_EXPIRED', message: { zh: '会话已过期', en: 'Session expired' } }] } };
    await expect(api.get('cases/c1')).rejects.toBeInstanceOf(ApiError);
    expect(lost).toHaveBeenCalledTimes(1);
    await expect(api.get('session')).rejects.toMatchObject({ status: 401 });
    expect(lost).toHaveBeenCalledTimes(1);
  });
});
