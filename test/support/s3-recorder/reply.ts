import type { IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import type { RecorderState } from './state.js';
import { document, tag } from './xml.js';

/** One parsed request, as the operation handlers see it. */
export interface S3Request {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  state: RecorderState;
}

export interface S3Reply {
  status: number;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}

export function xmlReply(root: string, inner: string, status = 200): S3Reply {
  return { status, headers: { 'content-type': 'application/xml' }, body: document(root, inner) };
}

/** S3's error document; the SDK turns `Code` into the error's name (NoSuchKey, NoSuchUpload, …). */
export function s3Error(status: number, code: string, message: string, extra: Record<string, string> = {}): S3Reply {
  const inner = tag('Code', code) + tag('Message', message) + Object.entries(extra).map(([k, v]) => tag(k, v)).join('');
  return { status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}</Error>` };
}

export function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

export function metadataFrom(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = String(value);
  }
  return metadata;
}

export function noSuchBucket(bucket: string): S3Reply {
  return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
}
