import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Get, Global, HttpCode, Module, Post, UseGuards, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadConfig, SecretBox, ServiceConfig } from '@birth/platform';
import { TestNamespace } from '@birth/testing';
import { GatewayConfig } from '../config';
import { AuditLog } from '../security/audit-log';
import { signedHeaders } from '../security/request-signature';
import { CurrentHospital } from './current-hospital.decorator';
import { HospitalAuthGuard } from './hospital-auth.guard';
import { HospitalsAdmin } from './hospitals-admin';
import { HospitalsModule } from './hospitals.module';
import { HospitalsRepository } from './hospitals.repository';
import { CreateHospitals1764000001000 } from './migrations/1764000001000-create-hospitals';
import { SeenNoncesPerChannel1764000006500 } from './migrations/1764000006500-seen-nonces-per-channel';
import { NoncePruner } from './nonce-pruner';
import { SignedMessageVerifier, type AuthenticatedHospital } from './signed-message-verifier';

@Controller('t')
@UseGuards(HospitalAuthGuard)
class EchoController {
  @Get('echo')
  get(@CurrentHospital() hospital: AuthenticatedHospital) {
    return { hospital };
  }

  @Post('echo')
  @HttpCode(200)
  post(@CurrentHospital() hospital: AuthenticatedHospital, @Body() body: unknown) {
    return { hospital, body };
  }
}

interface Answer {
  status: number;
  body: { error?: { code: string; message: string }; hospital?: AuthenticatedHospital; body?: unknown };
}

describe('signed hospital requests (HospitalAuthGuard, in-process app, real PostgreSQL)', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;
  let app: INestApplication;
  let url: string;
  let admin: HospitalsAdmin;
  let hospitals: HospitalsRepository;
  const kek = randomBytes(32).toString('base64');
  // Two hospitals, each with its first key.
  const h1 = { id: `H1-${randomUUID().slice(0, 8)}`, name: '长春市妇产医院', regionCode: '220100' };
  const h2 = { id: `H2-${randomUUID().slice(0, 8)}`, name: '吉林市人民医院', regionCode: '220200' };
  let key1: { keyId: string; secret: string };
  let key2: { keyId: string; secret: string };

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    const schema = await ns.createSchema('gateway_auth', [CreateHospitals1764000001000, SeenNoncesPerChannel1764000006500]);
    dataSource = await ns.dataSource(schema);
    const config = loadConfig(GatewayConfig, ns.serviceEnv(schema, { SECRETS_KEK: kek }));

    @Global()
    @Module({
      providers: [
        { provide: ServiceConfig, useValue: config },
        { provide: DataSource, useValue: dataSource },
      ],
      exports: [ServiceConfig, DataSource],
    })
    class TestPlatformModule {}

    const moduleRef = await Test.createTestingModule({ imports: [TestPlatformModule, HospitalsModule], controllers: [EchoController] }).compile();
    app = moduleRef.createNestApplication({ rawBody: true, logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    hospitals = app.get(HospitalsRepository);
    admin = new HospitalsAdmin(hospitals, app.get(AuditLog), app.get(SecretBox), 'test');
    key1 = (await admin.add(h1)).key;
    key2 = (await admin.add(h2)).key;
  });

  afterAll(async () => {
    await app?.close();
    await ns?.dispose();
  });

  /** Sends a request signed as `as` says; `send` overrides what actually goes on the wire. */
  async function call(options: {
    method?: 'GET' | 'POST';
    path?: string;
    body?: string;
    hospitalId?: string;
    key?: { keyId: string; secret: string };
    timestamp?: number;
    nonce?: string;
    send?: { body?: string; path?: string; headers?: Record<string, string | undefined> };
    contentType?: string;
  }): Promise<Answer & { nonce: string }> {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const path = options.path ?? '/t/echo';
    const body = options.body ?? '';
    const key = options.key ?? key1;
    const nonce = options.nonce ?? randomUUID();
    const headers: Record<string, string> = {
      ...signedHeaders({
        hospitalId: options.hospitalId ?? h1.id,
        keyId: key.keyId,
        secret: key.secret,
        signedParts: [method, path],
        timestamp: String(options.timestamp ?? Date.now()),
        nonce,
        body: Buffer.from(body, 'utf8'),
      }),
    };
    for (const [name, value] of Object.entries(options.send?.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const sentBody = options.send?.body ?? body;
    if (method === 'POST') headers['Content-Type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${url}${options.send?.path ?? path}`, {
      method,
      headers,
      body: method === 'POST' ? sentBody : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'], nonce };
  }

  const refusal = (code: string) => ({ status: 401, body: { error: { code, message: expect.any(String) } } });

  it('accepts a signed GET and a signed POST, and tells the handler which hospital it is', async () => {
    expect(await call({})).toMatchObject({ status: 200, body: { hospital: { id: h1.id, name: h1.name, regionCode: h1.regionCode } } });
    expect(await call({ path: '/t/echo?x=1&y=%E4%B8%AD' })).toMatchObject({ status: 200 });
    const posted = await call({ body: '{ "a" :1,\n\t"b":"é" }' });
    expect(posted).toMatchObject({ status: 200, body: { hospital: { id: h1.id }, body: { a: 1, b: 'é' } } });
    expect(await call({ hospitalId: h2.id, key: key2 })).toMatchObject({ status: 200, body: { hospital: { id: h2.id, regionCode: '220200' } } });
  });

  it('refuses a tampered body, a body re-serialised by the client, and another query string', async () => {
    expect(await call({ body: '{"a":1}', send: { body: '{"a":2}' } })).toMatchObject(refusal('SIGNATURE_INVALID'));
    // The client signed one JSON text and sent an equivalent one: the bytes differ, so the signature does.
    expect(await call({ body: '{"a":1,"b":"é"}', send: { body: '{ "a": 1, "b": "é" }' } })).toMatchObject(refusal('SIGNATURE_INVALID'));
    expect(await call({ path: '/t/echo?x=1', send: { path: '/t/echo?x=2' } })).toMatchObject(refusal('SIGNATURE_INVALID'));
    expect(await call({ key: { keyId: key1.keyId, secret: key2.secret } })).toMatchObject(refusal('SIGNATURE_INVALID'));
  });

  it('refuses a timestamp more than 5 minutes off, either way', async () => {
    expect(await call({ timestamp: Date.now() - 6 * 60_000 })).toMatchObject(refusal('TIMESTAMP_SKEW'));
    expect(await call({ timestamp: Date.now() + 6 * 60_000 })).toMatchObject(refusal('TIMESTAMP_SKEW'));
    expect(await call({ timestamp: Date.now() - 4 * 60_000 })).toMatchObject({ status: 200 });
  });

  it('refuses a replayed nonce; a forged request does not burn the nonce it carries', async () => {
    const nonce = randomUUID();
    expect(await call({ nonce, body: '{"a":1}', send: { body: '{"a":2}' } })).toMatchObject(refusal('SIGNATURE_INVALID'));
    expect(await call({ nonce })).toMatchObject({ status: 200 });
    expect(await call({ nonce })).toMatchObject(refusal('NONCE_REPLAYED'));
    // Nonces are per hospital.
    expect(await call({ nonce, hospitalId: h2.id, key: key2 })).toMatchObject({ status: 200 });
  });

  it('lets exactly one of several concurrent requests with one nonce through, also when they are looked up together', async () => {
    const nonce = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => call({ nonce })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 401 && a.body.error?.code === 'NONCE_REPLAYED')).toHaveLength(7);
  });

  it('does not record the nonce of a request refused before its signature is checked (stale timestamp)', async () => {
    const nonce = randomUUID();
    expect(await call({ nonce, timestamp: Date.now() - 6 * 60_000 })).toMatchObject(refusal('TIMESTAMP_SKEW'));
    expect(await call({ nonce })).toMatchObject({ status: 200 });
  });

  it('refuses missing or malformed headers as SIGNATURE_MISSING', async () => {
    for (const name of ['X-Hospital-Id', 'X-Key-Id', 'X-Timestamp', 'X-Nonce', 'X-Signature']) {
      expect(await call({ send: { headers: { [name]: undefined } } })).toMatchObject(refusal('SIGNATURE_MISSING'));
    }
    expect(await call({ send: { headers: { 'X-Timestamp': '2025-11-24T10:00:00Z' } } })).toMatchObject(refusal('SIGNATURE_MISSING'));
    expect(await call({ send: { headers: { 'X-Nonce': 'short' } } })).toMatchObject(refusal('SIGNATURE_MISSING'));
    expect(await call({ send: { headers: { 'X-Signature': 'A'.repeat(64) } } })).toMatchObject(refusal('SIGNATURE_MISSING'));
  });

  it('refuses an unknown hospital, an unknown key and the key of another hospital', async () => {
    expect(await call({ hospitalId: 'NO-SUCH-HOSPITAL' })).toMatchObject(refusal('HOSPITAL_UNKNOWN'));
    expect(await call({ key: { keyId: 'k_000000000000', secret: key1.secret } })).toMatchObject(refusal('KEY_UNKNOWN'));
    expect(await call({ hospitalId: h1.id, key: key2 })).toMatchObject(refusal('KEY_UNKNOWN'));
  });

  it('rolls keys over without downtime: old and new keys both work until the old one is revoked', async () => {
    const hospital = { id: `H3-${randomUUID().slice(0, 8)}`, name: '延边州妇幼保健院', regionCode: '222400' };
    const old = (await admin.add(hospital)).key;
    const fresh = await admin.rotateKey(hospital.id);
    expect(await call({ hospitalId: hospital.id, key: old })).toMatchObject({ status: 200 });
    expect(await call({ hospitalId: hospital.id, key: fresh })).toMatchObject({ status: 200 });
    await admin.revokeKey(hospital.id, old.keyId);
    expect(await call({ hospitalId: hospital.id, key: old })).toMatchObject(refusal('KEY_REVOKED'));
    expect(await call({ hospitalId: hospital.id, key: fresh })).toMatchObject({ status: 200 });
  });

  it('refuses every request of a disabled hospital, and accepts them again once enabled', async () => {
    const hospital = { id: `H4-${randomUUID().slice(0, 8)}`, name: '四平市中心医院', regionCode: '220300' };
    const key = (await admin.add(hospital)).key;
    await admin.setEnabled(hospital.id, false);
    expect(await call({ hospitalId: hospital.id, key })).toMatchObject(refusal('HOSPITAL_DISABLED'));
    await admin.setEnabled(hospital.id, true);
    expect(await call({ hospitalId: hospital.id, key })).toMatchObject({ status: 200 });
  });

  it('answers 415 for a body the platform does not keep as raw bytes', async () => {
    const answer = await call({ body: 'plain', contentType: 'text/plain' });
    expect(answer).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
  });

  it('writes an audit entry for each refusal (hospital, key, reason, source address), never the body', async () => {
    const marker = `王丽-${randomUUID()}`;
    const { nonce } = await call({ path: '/t/echo?secretQuery=1', body: JSON.stringify({ mother: marker }), send: { body: JSON.stringify({ mother: `${marker}!` }) } });
    const rows = await dataSource.query<Record<string, unknown>[]>(
      `SELECT actor, action, outcome, reason, hospital_id, key_id, source_address, details, to_jsonb(a)::text AS whole
         FROM audit_log a WHERE action = 'hospital.authenticate' ORDER BY id`,
    );
    const entry = rows[rows.length - 1]!;
    expect(entry).toMatchObject({
      actor: 'hospital-api',
      action: 'hospital.authenticate',
      outcome: 'refused',
      reason: 'SIGNATURE_INVALID',
      hospital_id: h1.id,
      key_id: key1.keyId,
      details: { target: 'POST /t/echo' },
    });
    expect(entry['source_address']).toMatch(/127\.0\.0\.1/);
    const everything = rows.map((r) => r['whole']).join('\n');
    expect(everything).not.toContain(marker);
    expect(everything).not.toContain('secretQuery');
    expect(everything).not.toContain(nonce);
    expect(rows.map((r) => r['reason'])).toEqual(
      expect.arrayContaining(['SIGNATURE_INVALID', 'TIMESTAMP_SKEW', 'NONCE_REPLAYED', 'SIGNATURE_MISSING', 'HOSPITAL_UNKNOWN', 'KEY_UNKNOWN', 'KEY_REVOKED', 'HOSPITAL_DISABLED']),
    );
    // A refusal stores nothing else: the forged request's nonce was not recorded.
    expect(await dataSource.query(`SELECT 1 FROM seen_nonces WHERE nonce = $1`, [nonce])).toEqual([]);
  });

  it('keeps the audit log append-only', async () => {
    await expect(dataSource.query(`UPDATE audit_log SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('stores secrets sealed (AES-256-GCM), never in clear', async () => {
    const rows = await dataSource.query<{ key_id: string; secret_sealed: string }[]>(`SELECT key_id, secret_sealed FROM hospital_keys`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(await dataSource.query(`SELECT to_jsonb(k) FROM hospital_keys k`));
    for (const secret of [key1.secret, key2.secret]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
    for (const row of rows) expect(row.secret_sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    // A sealed secret copied onto another key's row does not open there (bound to its row): a 500, not a pass.
    const k1 = rows.find((r) => r.key_id === key1.keyId)!;
    const k2 = rows.find((r) => r.key_id === key2.keyId)!;
    await dataSource.query(`UPDATE hospital_keys SET secret_sealed = $1 WHERE key_id = $2`, [k1.secret_sealed, key2.keyId]);
    try {
      expect(await call({ hospitalId: h2.id, key: { keyId: key2.keyId, secret: key1.secret } })).toMatchObject({ status: 500 });
    } finally {
      await dataSource.query(`UPDATE hospital_keys SET secret_sealed = $1 WHERE key_id = $2`, [k2.secret_sealed, key2.keyId]);
    }
    expect(await call({ hospitalId: h2.id, key: key2 })).toMatchObject({ status: 200 });
  });

  it('verifies a signed Kafka ingress message with the topic in place of METHOD and PATH', async () => {
    const verifier = app.get(SignedMessageVerifier);
    const body = Buffer.from('{ "birthRecordId" : "B-1" }');
    const now = Date.now();
    const message = (signedParts: string[], nonce = randomUUID()) => ({
      ...lowerCased(signedHeaders({ hospitalId: h1.id, keyId: key1.keyId, secret: key1.secret, signedParts: ['birth.submitted.v1'], timestamp: String(now), nonce, body })),
      signedParts,
      body,
      audit: { channel: 'hospital-ingress', sourceAddress: 'birth.submitted.v1/0/42' },
    });
    expect(await verifier.verifySignedMessage(message(['birth.submitted.v1']), now)).toEqual({
      ok: true,
      keyId: key1.keyId,
      hospital: { id: h1.id, name: h1.name, regionCode: h1.regionCode },
    });
    expect(await verifier.verifySignedMessage(message(['birth.registered.v1']), now)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(await verifier.verifySignedMessage(message(['POST', '/api/v1/births']), now)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    const [entry] = await dataSource.query<{ actor: string; source_address: string }[]>(`SELECT actor, source_address FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(entry).toEqual({ actor: 'hospital-ingress', source_address: 'birth.submitted.v1/0/42' });
  });

  it('in a transaction (the ingress topic): records the nonce only if the transaction commits, judges skew at the given time, audits nothing itself', async () => {
    const verifier = app.get(SignedMessageVerifier);
    const body = Buffer.from('{ "birthRecordId" : "B-2" }');
    // First produced an hour ago (a replayed dead letter), signed then.
    const firstProducedAt = Date.now() - 60 * 60_000;
    const nonce = randomUUID();
    const message = {
      ...lowerCased(signedHeaders({ hospitalId: h1.id, keyId: key1.keyId, secret: key1.secret, signedParts: ['birth.submitted.v1'], timestamp: String(firstProducedAt), nonce, body })),
      signedParts: ['birth.submitted.v1'],
      body,
      audit: { channel: 'hospital-ingress', sourceAddress: 'birth.submitted.v1/0/43' },
    };
    const auditEntries = async () => (await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log`))[0]!.n;
    const audited = await auditEntries();
    const nonceRows = () => dataSource.query(`SELECT 1 FROM seen_nonces WHERE hospital_id = $1 AND nonce = $2`, [h1.id, nonce]);

    await expect(
      dataSource.transaction(async (tx) => {
        expect(await verifier.verifySignedMessageIn(tx, message, firstProducedAt)).toMatchObject({ ok: true, hospital: { id: h1.id } });
        throw new Error('the message failed after its signature was checked');
      }),
    ).rejects.toThrow('failed after');
    expect(await nonceRows()).toEqual([]);

    await dataSource.transaction(async (tx) => expect(await verifier.verifySignedMessageIn(tx, message, firstProducedAt)).toMatchObject({ ok: true }));
    expect(await nonceRows()).toHaveLength(1);
    await dataSource.transaction(async (tx) =>
      expect(await verifier.verifySignedMessageIn(tx, message, firstProducedAt)).toMatchObject({ ok: false, code: 'NONCE_REPLAYED' }),
    );
    // Judged at the replay's time instead, the same message would be stale.
    await dataSource.transaction(async (tx) =>
      expect(await verifier.verifySignedMessageIn(tx, { ...message, nonce: randomUUID() }, Date.now())).toMatchObject({ ok: false, code: 'TIMESTAMP_SKEW' }),
    );
    expect(await auditEntries()).toBe(audited);
  });

  it('keeps ingress nonces apart from HTTP ones: one held by an open inbox transaction does not make a request wait, nor refuse it', async () => {
    const verifier = app.get(SignedMessageVerifier);
    const body = Buffer.from('{}');
    const nonce = randomUUID();
    const now = Date.now();
    const message = {
      ...lowerCased(signedHeaders({ hospitalId: h1.id, keyId: key1.keyId, secret: key1.secret, signedParts: ['birth.submitted.v1'], timestamp: String(now), nonce, body })),
      signedParts: ['birth.submitted.v1'],
      body,
    };
    await dataSource.transaction(async (tx) => {
      expect(await verifier.verifySignedMessageIn(tx, message, now)).toMatchObject({ ok: true });
      // While the transaction is open (its nonce row uncommitted), over HTTP (call() gives up after 10 s):
      expect(await call({ nonce })).toMatchObject({ status: 200 });
    });
    expect(await call({ nonce })).toMatchObject(refusal('NONCE_REPLAYED'));
    await dataSource.transaction(async (tx) => expect(await verifier.verifySignedMessageIn(tx, message, now)).toMatchObject({ ok: false, code: 'NONCE_REPLAYED' }));
  });

  it('prunes the nonces seen more than 10 minutes ago, and keeps the others', async () => {
    const now = Date.now();
    const ages = { old: 11 * 60_000, edge: 9 * 60_000, fresh: 0 };
    for (const [name, age] of Object.entries(ages)) await hospitals.recordNonce(h2.id, `prune-${name}-${now}`, new Date(now - age));
    const pruned = await app.get(NoncePruner).pruneOnce(now);
    expect(pruned).toBeGreaterThanOrEqual(1);
    const left = await dataSource.query<{ nonce: string }[]>(`SELECT nonce FROM seen_nonces WHERE nonce LIKE $1 ORDER BY nonce`, [`prune-%-${now}`]);
    expect(left.map((r) => r.nonce)).toEqual([`prune-edge-${now}`, `prune-fresh-${now}`]);
  });
});

/** signedHeaders gives the wire names; the verifier takes the five values by their meaning. */
function lowerCased(headers: Record<string, string>) {
  return {
    hospitalId: headers['X-Hospital-Id'],
    keyId: headers['X-Key-Id'],
    timestamp: headers['X-Timestamp'],
    nonce: headers['X-Nonce'],
    signature: headers['X-Signature'],
  };
}
