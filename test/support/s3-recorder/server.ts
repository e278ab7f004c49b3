/**
 * A small S3-compatible server (path style, XML like S3) that records multipart traffic and can inject faults.
 * It exists because s3rver answers AbortMultipartUpload/ListParts with 405 and ListMultipartUploads with 501.
 * Objects live in memory: tests put tens of MiB through it, not gigabytes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { s3Client, type S3StandIn } from '../s3-client.js';
import { readBody } from './body.js';
import { newState, type RecorderFaults, type RecorderState } from './state.js';
import { s3Error, type S3Reply, type S3Request } from './reply.js';
import * as objects from './objects.js';
import * as multipart from './multipart.js';
import { listObjectsV2 } from './list-objects.js';

export interface MultipartRecorder extends S3StandIn {
  state: RecorderState;
}

type Handler = (r: S3Request) => S3Reply;

/** Picks the S3 operation from method, path shape and query flags, as S3's REST API defines them. */
function route(method: string, bucket: string, key: string, query: URLSearchParams, headers: IncomingMessage['headers']): [string, Handler] | undefined {
  if (!bucket) return method === 'GET' ? ['ListBuckets', objects.listBuckets] : undefined;
  if (!key) {
    if (method === 'PUT') return ['CreateBucket', objects.createBucket];
    if (method === 'HEAD') return ['HeadBucket', objects.headBucket];
    if (method === 'DELETE') return ['DeleteBucket', objects.deleteBucket];
    if (method === 'GET' && query.has('uploads')) return ['ListMultipartUploads', multipart.listMultipartUploads];
    if (method === 'GET' && query.get('list-type') === '2') return ['ListObjectsV2', listObjectsV2];
    if (method === 'POST' && query.has('delete')) return ['DeleteObjects', objects.deleteObjects];
    return undefined;
  }
  if (method === 'PUT' && headers['x-amz-copy-source'] !== undefined) return undefined;
  if (method === 'PUT' && query.has('uploadId')) return ['UploadPart', multipart.uploadPart];
  if (method === 'PUT') return ['PutObject', objects.putObject];
  if (method === 'GET' && query.has('uploadId')) return ['ListParts', multipart.listParts];
  if (method === 'GET') return ['GetObject', (r) => objects.getObject(r, false)];
  if (method === 'HEAD') return ['HeadObject', (r) => objects.getObject(r, true)];
  if (method === 'DELETE' && query.has('uploadId')) return ['AbortMultipartUpload', multipart.abortMultipartUpload];
  if (method === 'DELETE') return ['DeleteObject', objects.deleteObject];
  if (method === 'POST' && query.has('uploads')) return ['CreateMultipartUpload', multipart.createMultipartUpload];
  if (method === 'POST' && query.has('uploadId')) return ['CompleteMultipartUpload', multipart.completeMultipartUpload];
  return undefined;
}

/** Signatures are not verified (s3rver and the SigV4 verifier cover that); unsigned requests are still refused. */
function isSigned(req: IncomingMessage, query: URLSearchParams): boolean {
  return String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ') || query.has('X-Amz-Signature');
}

function isFaulted(faults: RecorderFaults, info: { n: number; op: string; bucket?: string; key?: string }): boolean {
  const nth = faults.failNthRequest;
  if (nth !== undefined && (Array.isArray(nth) ? nth.includes(info.n) : nth === info.n)) return true;
  return faults.failRequest?.(info) ?? false;
}

async function handle(req: IncomingMessage, res: ServerResponse, state: RecorderState): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://recorder');
  const method = req.method ?? 'GET';
  const [, bucketPart = '', ...keyParts] = url.pathname.split('/');
  const bucket = decodeURIComponent(bucketPart);
  const key = decodeURIComponent(keyParts.join('/'));
  // Read the body before answering even on errors, so the client never sees a reset mid-upload.
  const body = await readBody(req);
  const n = state.requests.length + 1;
  const routed = route(method, bucket, key, url.searchParams, req.headers);
  const op = routed?.[0] ?? `Unsupported ${method}`;
  const partNumber = op === 'UploadPart' ? Number(url.searchParams.get('partNumber')) : undefined;
  const record = { n, op, method, ...(bucket ? { bucket } : {}), ...(key ? { key } : {}), ...(partNumber ? { partNumber } : {}), status: 0 };
  state.requests.push(record);

  let reply: S3Reply;
  if (!isSigned(req, url.searchParams)) reply = s3Error(403, 'AccessDenied', 'Request is not signed with SigV4');
  else if (!routed) reply = s3Error(501, 'NotImplemented', `${method} ${url.pathname}${url.search} is not implemented by the recorder`);
  else if (isFaulted(state.faults, record)) reply = s3Error(500, 'InternalError', `Injected failure for request ${n} (${op})`);
  else reply = routed[1]({ method, bucket, key, query: url.searchParams, headers: req.headers, body, state });

  record.status = reply.status;
  const payload = method === 'HEAD' ? undefined : reply.body;
  res.writeHead(reply.status, {
    'x-amz-request-id': randomUUID(),
    server: 'AmazonS3',
    ...(reply.headers?.['content-length'] === undefined ? { 'content-length': payload === undefined ? 0 : Buffer.byteLength(payload) } : {}),
    ...reply.headers,
  });
  res.end(payload);
}

export async function startMultipartRecorder(faults: RecorderFaults = {}): Promise<MultipartRecorder> {
  const state = newState(faults);
  const server = createServer((req, res) => {
    handle(req, res, state).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = s3Client(endpoint);
  // Scratch space for tests (fixtures, downloads); the recorder itself keeps everything in memory.
  const dir = await mkdtemp(join(tmpdir(), 'aoss-s3-recorder-'));
  return {
    endpoint,
    client,
    dir,
    state,
    async bucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
