/** Bucket and single-object operations. */
import type { StoredObject } from './state.js';
import { objectId } from './state.js';
import { md5, metadataFrom, noSuchBucket, s3Error, xmlReply, type S3Reply, type S3Request } from './reply.js';
import { blocks, raw, tag, text } from './xml.js';

// S3's naming rules, as s3rver also enforces them: a name that only works locally would fail on AWS.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function createBucket(r: S3Request): S3Reply {
  if (!BUCKET_NAME.test(r.bucket)) return s3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: r.bucket });
  // us-east-1 answers 200 when you re-create a bucket you already own.
  r.state.buckets.add(r.bucket);
  return { status: 200, headers: { location: `/${r.bucket}` } };
}

export function headBucket(r: S3Request): S3Reply {
  return r.state.buckets.has(r.bucket) ? { status: 200 } : { status: 404 };
}

export function deleteBucket(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  for (const o of r.state.objects.values()) {
    if (o.bucket === r.bucket) return s3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
  }
  r.state.buckets.delete(r.bucket);
  return { status: 204 };
}

export function listBuckets(r: S3Request): S3Reply {
  const buckets = [...r.state.buckets].sort().map((name) => raw('Bucket', tag('Name', name) + tag('CreationDate', new Date(0).toISOString())));
  return xmlReply('ListAllMyBucketsResult', raw('Owner', tag('ID', 'recorder')) + raw('Buckets', buckets.join('')));
}

export function putObject(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  const stored: StoredObject = {
    bucket: r.bucket,
    key: r.key,
    body: r.body,
    etag: `"${md5(r.body).toString('hex')}"`,
    contentType: String(r.headers['content-type'] ?? 'binary/octet-stream'),
    metadata: metadataFrom(r.headers),
    lastModified: new Date(),
  };
  r.state.objects.set(objectId(r.bucket, r.key), stored);
  return { status: 200, headers: { etag: stored.etag } };
}

function objectHeaders(o: StoredObject): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    etag: o.etag,
    'last-modified': o.lastModified.toUTCString(),
    'content-type': o.contentType,
    'accept-ranges': 'bytes',
  };
  for (const [k, v] of Object.entries(o.metadata)) headers[`x-amz-meta-${k}`] = v;
  return headers;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`, one range only (as the SDK sends). */
function parseRange(value: string, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 ? undefined : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start >= size || end < start ? undefined : { start, end };
}

export function getObject(r: S3Request, headOnly: boolean): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return headOnly ? { status: 404 } : noSuchBucket(r.bucket);
  const o = r.state.objects.get(objectId(r.bucket, r.key));
  // HEAD responses carry no body, so the SDK can only report a bare NotFound.
  if (!o) return headOnly ? { status: 404 } : s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: r.key });
  const rangeHeader = r.headers.range;
  if (rangeHeader === undefined) {
    return { status: 200, headers: { ...objectHeaders(o), 'content-length': o.body.length }, body: headOnly ? undefined : o.body };
  }
  const range = parseRange(rangeHeader, o.body.length);
  if (!range) return s3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
  const slice = o.body.subarray(range.start, range.end + 1);
  return {
    status: 206,
    headers: { ...objectHeaders(o), 'content-length': slice.length, 'content-range': `bytes ${range.start}-${range.end}/${o.body.length}` },
    body: headOnly ? undefined : slice,
  };
}

export function deleteObject(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  // S3 answers 204 whether or not the key existed.
  r.state.objects.delete(objectId(r.bucket, r.key));
  return { status: 204 };
}

export function deleteObjects(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  const xml = r.body.toString('utf8');
  const quiet = text(xml, 'Quiet') === 'true';
  const deleted: string[] = [];
  for (const object of blocks(xml, 'Object')) {
    const key = text(object, 'Key');
    if (key === undefined) continue;
    r.state.objects.delete(objectId(r.bucket, key));
    if (!quiet) deleted.push(raw('Deleted', tag('Key', key)));
  }
  return xmlReply('DeleteResult', deleted.join(''));
}
