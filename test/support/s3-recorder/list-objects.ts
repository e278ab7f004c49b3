/** ListObjectsV2 with prefix, delimiter, start-after, max-keys and continuation tokens. */
import type { StoredObject } from './state.js';
import { noSuchBucket, s3Error, xmlReply, type S3Reply, type S3Request } from './reply.js';
import { raw, tag } from './xml.js';

interface Cursor {
  /** Resume strictly after this key. */
  after: string;
  /** A common prefix already returned: every key under it is skipped. */
  skipPrefix?: string;
}

// S3 tokens are opaque; ours carry the resume position so no server-side session is needed.
function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeToken(token: string): Cursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    return typeof parsed.after === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function listObjectsV2(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') ?? '';
  const startAfter = r.query.get('start-after') ?? '';
  const maxKeys = Math.min(Number(r.query.get('max-keys') ?? 1000), 1000);
  const token = r.query.get('continuation-token');
  const cursor = token === null ? { after: startAfter } : decodeToken(token);
  if (!cursor) return s3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');

  // S3 orders keys by their UTF-8 bytes, which for these tests matches JavaScript's code-unit order.
  const keys: StoredObject[] = [...r.state.objects.values()]
    .filter((o) => o.bucket === r.bucket && o.key.startsWith(prefix) && o.key > cursor.after)
    .filter((o) => !(cursor.skipPrefix && o.key.startsWith(cursor.skipPrefix)))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const contents: StoredObject[] = [];
  const prefixes: string[] = [];
  let last: Cursor | undefined;
  let next: Cursor | undefined;
  for (const o of keys) {
    const cut = delimiter ? o.key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? o.key.slice(0, cut + delimiter.length) : undefined;
    // Keys under one common prefix sort together, so comparing with the previous prefix is enough.
    if (common !== undefined && prefixes.at(-1) === common) continue;
    if (contents.length + prefixes.length === maxKeys) {
      next = last;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = { after: common, skipPrefix: common };
    } else {
      contents.push(o);
      last = { after: o.key };
    }
  }

  const parts = [
    tag('Name', r.bucket),
    tag('Prefix', prefix),
    delimiter ? tag('Delimiter', delimiter) : '',
    tag('MaxKeys', maxKeys),
    tag('KeyCount', contents.length + prefixes.length),
    tag('IsTruncated', next !== undefined),
    token !== null ? tag('ContinuationToken', token) : '',
    next ? tag('NextContinuationToken', encodeToken(next)) : '',
    startAfter ? tag('StartAfter', startAfter) : '',
    ...contents.map((o) =>
      raw(
        'Contents',
        tag('Key', o.key) + tag('LastModified', o.lastModified.toISOString()) + tag('ETag', o.etag) + tag('Size', o.body.length) + tag('StorageClass', 'STANDARD'),
      ),
    ),
    ...prefixes.map((p) => raw('CommonPrefixes', tag('Prefix', p))),
  ];
  return xmlReply('ListBucketResult', parts.join(''));
}
