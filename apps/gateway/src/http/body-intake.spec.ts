import { bodyHeadersRefusal } from './body-intake';

const refusal = (type: string | undefined, encoding?: string) => {
  const rejection = bodyHeadersRefusal(type, encoding);
  return rejection && { status: rejection.status, errors: rejection.errors.map((e) => `${e.code} ${e.field}`) };
};

describe('bodyHeadersRefusal', () => {
  it.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json; charset=utf8'])(
    'accepts %s',
    (type) => {
      expect(refusal(type)).toBeUndefined();
      expect(refusal(type, 'identity')).toBeUndefined();
    },
  );

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', 'application/jsonp'])('refuses Content-Type %p with 415 UNSUPPORTED_MEDIA_TYPE', (type) => {
    expect(refusal(type)).toEqual({ status: 415, errors: ['UNSUPPORTED_MEDIA_TYPE Content-Type'] });
  });

  it.each(['latin1', 'GBK', 'utf-16', 'utf-16le', '"iso-8859-1"', ''])('refuses charset=%s with 415 UNSUPPORTED_CHARSET', (charset) => {
    expect(refusal(`application/json; charset=${charset}`)).toEqual({ status: 415, errors: ['UNSUPPORTED_CHARSET Content-Type'] });
  });

  it.each(['gzip', 'deflate', 'br', 'GZIP', 'gzip, identity'])('refuses Content-Encoding %s with 415 UNSUPPORTED_CONTENT_ENCODING', (encoding) => {
    expect(refusal('application/json', encoding)).toEqual({ status: 415, errors: ['UNSUPPORTED_CONTENT_ENCODING Content-Encoding'] });
  });
});
