/**
 * Server-side SigV4 verification for the emulator.
 *
 * It deliberately does not reuse the client's signer (aws4 inside the OpenSearch client): the signature is
 * recomputed with @smithy/signature-v4, so a bug in how our CLI signs cannot be mirrored by the check.
 * Only what a real AOSS endpoint checks is enforced; see the "SigV4 as the OpenSearch client sends it" notes.
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, QueryParameterBag, SourceData } from '@smithy/types';

export interface SigV4Request {
  method: string;
  /** Path plus `?query` exactly as received, still percent-encoded. */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SigV4Expectation {
  region: string;
  service: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** AOSS refuses any request without `x-amz-content-sha256`; provisioned domains do not. */
  requireContentSha256: boolean;
  now?: Date;
  /** Allowed clock difference either way; AWS uses 5 minutes. */
  maxSkewMs?: number;
}

export type SigV4Result = { ok: true } | { ok: false; reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** @aws-crypto/sha256-js is not installed here, so the signer gets node:crypto behind its Checksum interface. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key = typeof this.secret === 'string' ? this.secret : Buffer.from(toBytes(this.secret));
    return createHmac('sha256', key);
  }
}

function toBytes(data: Exclude<SourceData, string>): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string): ParsedAuthorization | string {
  const space = value.indexOf(' ');
  if (space < 0) return 'malformed authorization header';
  const algorithm = value.slice(0, space);
  if (algorithm !== ALGORITHM) return `unsupported signing algorithm ${algorithm}`;
  const fields = new Map<string, string>();
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return 'malformed authorization header';
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return 'authorization header lacks Credential, SignedHeaders or Signature';
  const scope = credential.split('/');
  if (scope.length !== 5) return 'malformed credential scope';
  const [accessKeyId, date, region, service, terminator] = scope as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator, signedHeaders: signedHeaders.split(';'), signature };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  // Node already joins repeated headers except set-cookie, which is never signed for these services.
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Query parsing as the OpenSearch client's signer (aws4 → querystring) sees it: `+` is a space, repeated keys
 * become arrays, a bare key has an empty value. The signer then re-encodes it canonically.
 */
function parseQuery(raw: string): QueryParameterBag | undefined {
  const query: QueryParameterBag = {};
  if (raw === '') return query;
  try {
    for (const pair of raw.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      const prev = query[key];
      if (prev === undefined || prev === null) query[key] = value;
      else query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  } catch {
    return undefined;
  }
  return query;
}

function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function refuse(reason: string): SigV4Result {
  return { ok: false, reason };
}

export async function verifySigV4(req: SigV4Request, expect: SigV4Expectation): Promise<SigV4Result> {
  const authorization = header(req.headers, 'authorization');
  if (!authorization) return refuse('missing authorization header');
  const auth = parseAuthorization(authorization);
  if (typeof auth === 'string') return refuse(auth);

  const { credentials } = expect;
  if (auth.accessKeyId !== credentials.accessKeyId) return refuse(`unknown access key ${auth.accessKeyId}`);
  if (auth.region !== expect.region) return refuse(`wrong region: signed for ${auth.region}, expected ${expect.region}`);
  if (auth.service !== expect.service) return refuse(`wrong service: signed for ${auth.service}, expected ${expect.service}`);
  if (auth.terminator !== 'aws4_request') return refuse('credential scope must end with aws4_request');

  const signed = new Set(auth.signedHeaders);
  for (const name of signed) {
    if (name !== name.toLowerCase() || name === '') return refuse(`signed header name ${name} is not lower case`);
    if (header(req.headers, name) === undefined) return refuse(`signed header ${name} is missing from the request`);
  }
  if (!signed.has('host')) return refuse('host header is not signed');
  // The signer regenerates the date header from x-amz-date, so a request signed over `date` cannot be checked.
  if (signed.has('date')) return refuse('signing the date header is not supported; sign x-amz-date');

  const amzDate = header(req.headers, 'x-amz-date');
  if (!amzDate) return refuse('missing x-amz-date header');
  if (!signed.has('x-amz-date')) return refuse('x-amz-date header is not signed');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return refuse(`malformed x-amz-date ${amzDate}`);
  if (auth.date !== amzDate.slice(0, 8)) return refuse('credential scope date does not match x-amz-date');
  const now = expect.now ?? new Date();
  const skew = Math.abs(now.getTime() - signingDate.getTime());
  if (skew > (expect.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) return refuse(`request time ${amzDate} is outside the allowed clock skew`);

  const token = header(req.headers, 'x-amz-security-token');
  if (credentials.sessionToken !== undefined) {
    if (token === undefined) return refuse('missing x-amz-security-token for temporary credentials');
    if (token !== credentials.sessionToken) return refuse('x-amz-security-token does not match the credentials');
    if (!signed.has('x-amz-security-token')) return refuse('x-amz-security-token header is not signed');
  } else if (token !== undefined) {
    return refuse('x-amz-security-token sent with long-term credentials');
  }

  const contentSha = header(req.headers, 'x-amz-content-sha256');
  if (expect.requireContentSha256) {
    if (contentSha === undefined) return refuse('missing x-amz-content-sha256 header');
    if (!signed.has('x-amz-content-sha256')) return refuse('x-amz-content-sha256 header is not signed');
  }

  const queryStart = req.rawPath.indexOf('?');
  const path = queryStart < 0 ? req.rawPath : req.rawPath.slice(0, queryStart);
  const query = parseQuery(queryStart < 0 ? '' : req.rawPath.slice(queryStart + 1));
  if (!query) return refuse('malformed percent-encoding in the query string');

  // Only the signed headers take part: anything a proxy or the HTTP stack added must not change the result.
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = header(req.headers, name)!;
  const request: HttpRequest = {
    method: req.method.toUpperCase(),
    protocol: 'https:',
    hostname: headers.host!,
    path,
    query,
    headers,
    body: req.body,
  };
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    region: expect.region,
    service: expect.service,
    sha256: NodeSha256,
    // Non-S3 services sign the path percent-encoded a second time (`%2F` → `%252F`).
    uriEscapePath: true,
    // The payload hash comes from the header when present, else from the body; never add one of our own.
    applyChecksum: false,
  });
  const resigned = await signer.sign(request, { signingDate, signableHeaders: signed });
  const expected = /Signature=([0-9a-f]+)/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  const got = Buffer.from(auth.signature);
  const want = Buffer.from(expected);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return refuse('signature does not match');

  // The signature covers the header, not the body: a body swapped in transit keeps a valid signature.
  if (contentSha !== undefined && contentSha !== sha256Hex(req.body)) {
    return refuse('x-amz-content-sha256 does not match the request body');
  }
  return { ok: true };
}
