import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import { verifySigV4, type SigV4Expectation, type SigV4Request } from '../support/emulator/sigv4.js';

const REGION = 'eu-west-1';
const LONG_TERM = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMPORARY = { ...LONG_TERM, accessKeyId: 'ASIAEXAMPLE', sessionToken: 'session/token+with=odd chars' };
const HOST = 'abc123xyz.eu-west-1.aoss.amazonaws.com';
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function expectation(credentials: Creds, overrides: Partial<SigV4Expectation> = {}): SigV4Expectation {
  return { region: REGION, service: 'aoss', credentials, requireContentSha256: true, ...overrides };
}

function lowerCase(headers: Record<string, unknown>): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}

/** Signs the way the OpenSearch client does on the wire (its AwsSigv4Signer wraps aws4). */
function signLikeClient(method: string, rawPath: string, body: string, credentials: Creds, service = 'aoss'): SigV4Request {
  const signer = AwsSigv4Signer({ region: REGION, service: service as 'aoss' });
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  const signed = signer.buildSignedRequestObject({
    method,
    hostname: HOST,
    path: rawPath,
    headers,
    body,
    auth: { credentials, region: REGION, service },
  });
  return { method, rawPath, headers: lowerCase(signed.headers as Record<string, unknown>), body: Buffer.from(body) };
}

class Sha256 implements Checksum {
  private readonly parts: Uint8Array[] = [];
  constructor(private readonly secret?: SourceData) {}
  update(chunk: Uint8Array): void {
    this.parts.push(chunk);
  }
  async digest(): Promise<Uint8Array> {
    const h = this.secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(this.secret as Uint8Array));
    for (const p of this.parts) h.update(p);
    return new Uint8Array(h.digest());
  }
  reset(): void {
    this.parts.length = 0;
  }
}

/** Signs with @smithy/signature-v4 directly, as an AWS SDK based client would. */
async function signWithSmithy(opts: {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  credentials: Creds;
  contentSha?: boolean;
  date?: Date;
}): Promise<SigV4Request> {
  const body = opts.body ?? '';
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: REGION,
    service: 'aoss',
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: opts.contentSha ?? true,
  });
  const headers: Record<string, string> = { host: HOST };
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const signed = await signer.sign(
    { method: opts.method, protocol: 'https:', hostname: HOST, path: opts.path, query: opts.query ?? {}, headers, body },
    opts.date ? { signingDate: opts.date } : {},
  );
  const qs = new URLSearchParams(opts.query ?? {}).toString().replace(/\+/g, '%20');
  return {
    method: opts.method,
    rawPath: qs ? `${opts.path}?${qs}` : opts.path,
    headers: lowerCase(signed.headers),
    body: Buffer.from(body),
  };
}

describe('verifySigV4', () => {
  describe('accepts requests signed by the OpenSearch client signer', () => {
    it('POST with a JSON body and a session token', async () => {
      const req = signLikeClient('POST', '/my-index/_search', '{"query":{"match_all":{}}}', TEMPORARY);
      expect(req.headers['x-amz-security-token']).to.equal(TEMPORARY.sessionToken);
      expect(await verifySigV4(req, expectation(TEMPORARY))).to.deep.equal({ ok: true });
    });

    it('GET with the empty-body hash', async () => {
      const req = signLikeClient('GET', '/my-index/_doc/1', '', LONG_TERM);
      expect(req.headers['x-amz-content-sha256']).to.equal(EMPTY_SHA);
      expect(await verifySigV4(req, expectation(LONG_TERM))).to.deep.equal({ ok: true });
    });

    it('a path with an encoded slash and other special characters', async () => {
      const req = signLikeClient('GET', '/my-index/_doc/a%2Fb%20c%2A%E2%9C%93', '', LONG_TERM);
      expect(await verifySigV4(req, expectation(LONG_TERM))).to.deep.equal({ ok: true });
    });

    it('a query string with several parameters, out of order', async () => {
      const req = signLikeClient('GET', '/my-index/_search?size=10&q=title%3A%22a%20b%22&_source_includes=a%2Cb&pretty', '', LONG_TERM);
      expect(await verifySigV4(req, expectation(LONG_TERM))).to.deep.equal({ ok: true });
    });
  });

  describe('accepts requests signed with @smithy/signature-v4', () => {
    it('POST with body, query and special path, long-term credentials', async () => {
      const req = await signWithSmithy({
        method: 'POST',
        path: '/my-index/_doc/a%2Fb',
        query: { routing: 'x y', refresh: 'false' },
        body: '{"a":1}',
        credentials: LONG_TERM,
      });
      expect(await verifySigV4(req, expectation(LONG_TERM))).to.deep.equal({ ok: true });
    });

    it('GET with a session token', async () => {
      const req = await signWithSmithy({ method: 'GET', path: '/_cat/indices', query: { format: 'json' }, credentials: TEMPORARY });
      expect(await verifySigV4(req, expectation(TEMPORARY))).to.deep.equal({ ok: true });
    });

    it('ignores unsigned headers added after signing', async () => {
      const req = await signWithSmithy({ method: 'GET', path: '/x/_count', credentials: LONG_TERM });
      req.headers['user-agent'] = 'proxy';
      req.headers['x-forwarded-for'] = '10.0.0.1';
      expect(await verifySigV4(req, expectation(LONG_TERM))).to.deep.equal({ ok: true });
    });

    it('without x-amz-content-sha256 when the back end does not require it', async () => {
      const req = await signWithSmithy({ method: 'POST', path: '/x/_doc', body: '{}', credentials: LONG_TERM, contentSha: false });
      expect(req.headers['x-amz-content-sha256']).to.equal(undefined);
      expect(await verifySigV4(req, expectation(LONG_TERM, { requireContentSha256: false }))).to.deep.equal({ ok: true });
    });
  });

  describe('refuses', () => {
    async function reasonFor(req: SigV4Request, exp: SigV4Expectation): Promise<string> {
      const result = await verifySigV4(req, exp);
      expect(result.ok).to.equal(false);
      return result.ok ? '' : result.reason;
    }
    const post = () => signLikeClient('POST', '/my-index/_doc/1', '{"a":1}', LONG_TERM);

    it('a request without Authorization', async () => {
      const req = post();
      delete req.headers.authorization;
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('missing authorization header');
    });

    it('a malformed Authorization header', async () => {
      const req = post();
      req.headers.authorization = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/aoss/aws4_request';
      expect(await reasonFor(req, expectation(LONG_TERM))).to.match(/lacks Credential, SignedHeaders or Signature/);
    });

    it('another signing algorithm', async () => {
      const req = post();
      req.headers.authorization = 'AWS AKIDEXAMPLE:abc';
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('unsupported signing algorithm AWS');
    });

    it('an unknown access key', async () => {
      const other = { ...LONG_TERM, accessKeyId: 'AKIDOTHER' };
      expect(await reasonFor(signLikeClient('GET', '/', '', other), expectation(LONG_TERM))).to.equal('unknown access key AKIDOTHER');
    });

    it('the right key id with the wrong secret', async () => {
      const wrong = { ...LONG_TERM, secretAccessKey: 'not-the-secret' };
      expect(await reasonFor(signLikeClient('GET', '/', '', wrong), expectation(LONG_TERM))).to.equal('signature does not match');
    });

    it('the wrong region', async () => {
      expect(await reasonFor(post(), expectation(LONG_TERM, { region: 'us-east-1' }))).to.equal(
        'wrong region: signed for eu-west-1, expected us-east-1',
      );
    });

    it('the wrong service (es instead of aoss)', async () => {
      const req = signLikeClient('GET', '/', '', LONG_TERM, 'es');
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('wrong service: signed for es, expected aoss');
    });

    it('a request signed too long ago, or in the future', async () => {
      const req = post();
      const inTenMinutes = new Date(Date.now() + 10 * 60 * 1000);
      expect(await reasonFor(req, expectation(LONG_TERM, { now: inTenMinutes }))).to.match(/outside the allowed clock skew/);
      const tenMinutesAgo = new Date(Date.now() - 10 * 60 * 1000);
      expect(await reasonFor(req, expectation(LONG_TERM, { now: tenMinutesAgo }))).to.match(/outside the allowed clock skew/);
      expect(await verifySigV4(req, expectation(LONG_TERM, { now: inTenMinutes, maxSkewMs: 15 * 60 * 1000 }))).to.deep.equal({ ok: true });
    });

    it('an x-amz-date changed after signing', async () => {
      const req = await signWithSmithy({ method: 'GET', path: '/', credentials: LONG_TERM, date: new Date('2026-11-02T10:00:00Z') });
      const now = new Date('2026-11-02T10:01:00Z');
      expect(await verifySigV4(req, expectation(LONG_TERM, { now }))).to.deep.equal({ ok: true });
      req.headers['x-amz-date'] = '20261102T100030Z';
      expect(await reasonFor(req, expectation(LONG_TERM, { now }))).to.equal('signature does not match');
      req.headers['x-amz-date'] = '20261103T000000Z';
      expect(await reasonFor(req, expectation(LONG_TERM, { now }))).to.equal('credential scope date does not match x-amz-date');
    });

    it('temporary credentials without x-amz-security-token', async () => {
      const req = signLikeClient('GET', '/', '', TEMPORARY);
      delete req.headers['x-amz-security-token'];
      expect(await reasonFor(req, expectation(TEMPORARY))).to.equal('signed header x-amz-security-token is missing from the request');
      const unsigned = signLikeClient('GET', '/', '', { ...TEMPORARY, sessionToken: undefined } as Creds);
      expect(await reasonFor(unsigned, expectation(TEMPORARY))).to.equal('missing x-amz-security-token for temporary credentials');
    });

    it('a session token that does not match', async () => {
      const req = signLikeClient('GET', '/', '', { ...TEMPORARY, sessionToken: 'stolen' });
      expect(await reasonFor(req, expectation(TEMPORARY))).to.equal('x-amz-security-token does not match the credentials');
    });

    it('a session token sent with long-term credentials', async () => {
      const req = signLikeClient('GET', '/', '', { ...LONG_TERM, sessionToken: 'x' });
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('x-amz-security-token sent with long-term credentials');
    });

    it('a missing x-amz-content-sha256 when it is required', async () => {
      const req = await signWithSmithy({ method: 'POST', path: '/x/_doc', body: '{}', credentials: LONG_TERM, contentSha: false });
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('missing x-amz-content-sha256 header');
    });

    it('a tampered body that kept the old hash header (the signature alone still matches)', async () => {
      const req = post();
      req.body = Buffer.from('{"a":2}');
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('x-amz-content-sha256 does not match the request body');
    });

    it('a tampered body whose hash header was updated too', async () => {
      const req = post();
      req.body = Buffer.from('{"a":2}');
      req.headers['x-amz-content-sha256'] = createHash('sha256').update(req.body).digest('hex');
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('signature does not match');
    });

    it('a changed path, query, method or signed header', async () => {
      const base = () => signLikeClient('GET', '/my-index/_doc/a%2Fb?routing=1', '', LONG_TERM);
      const cases: Array<(r: SigV4Request) => void> = [
        (r) => (r.rawPath = '/my-index/_doc/a/b?routing=1'),
        (r) => (r.rawPath = '/other-index/_doc/a%2Fb?routing=1'),
        (r) => (r.rawPath = '/my-index/_doc/a%2Fb?routing=2'),
        (r) => (r.rawPath = '/my-index/_doc/a%2Fb?routing=1&extra=1'),
        (r) => (r.method = 'DELETE'),
        (r) => (r.headers.host = 'evil.example.com'),
      ];
      for (const tamper of cases) {
        const req = base();
        tamper(req);
        expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('signature does not match');
      }
    });

    it('a signed header that is absent, and an unsigned host', async () => {
      const req = post();
      delete req.headers['content-type'];
      expect(await reasonFor(req, expectation(LONG_TERM))).to.equal('signed header content-type is missing from the request');
      const noHost = post();
      noHost.headers.authorization = String(noHost.headers.authorization).replace('SignedHeaders=', 'SignedHeaders=x-unused;').replace(/host;/, '');
      noHost.headers['x-unused'] = '1';
      expect(await reasonFor(noHost, expectation(LONG_TERM))).to.equal('host header is not signed');
    });
  });

  describe('behind a real HTTP server, called by the OpenSearch client', () => {
    let server: Server;
    let url: string;
    const reasons: string[] = [];

    before(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const request = { method: req.method ?? 'GET', rawPath: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
          void verifySigV4(request, expectation(TEMPORARY)).then((result) => {
            if (!result.ok) reasons.push(result.reason);
            res.writeHead(result.ok ? 200 : 403, { 'content-type': 'application/json' });
            res.end(JSON.stringify(result.ok ? { _index: 'my-index', _id: 'a/b', found: true, _source: {} } : { status: 403 }));
          });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => (reasons.length = 0));

    function client(service: 'aoss' | 'es'): Client {
      return new Client({
        ...AwsSigv4Signer({ region: REGION, service, getCredentials: async () => TEMPORARY }),
        node: url,
      });
    }

    it('accepts a signed GET with an id that needs encoding and a POST with a body', async () => {
      const c = client('aoss');
      const got = await c.get({ index: 'my-index', id: 'a/b', routing: 'r 1' });
      expect(got.statusCode).to.equal(200);
      const searched = await c.transport.request({ method: 'POST', path: '/my-index/_search', body: { query: { match_all: {} } } });
      expect(searched.statusCode).to.equal(200);
      expect(reasons).to.deep.equal([]);
    });

    it('refuses the same client signing for es', async () => {
      const c = client('es');
      let status: number | undefined;
      try {
        await c.get({ index: 'my-index', id: '1' });
      } catch (e) {
        status = (e as { statusCode?: number }).statusCode;
      }
      expect(status).to.equal(403);
      expect(reasons).to.deep.equal(['wrong service: signed for es, expected aoss']);
    });
  });
});
