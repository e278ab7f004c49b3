/** Multipart upload operations; every upload and part stays in state for tests to inspect. */
import { randomUUID } from 'node:crypto';
import { objectId, type RecordedUpload } from './state.js';
import { md5, metadataFrom, noSuchBucket, s3Error, xmlReply, type S3Reply, type S3Request } from './reply.js';
import { blocks, raw, tag, text } from './xml.js';

/** S3's minimum size for every part but the last; enforcing it catches part-size bugs before AWS does. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

function noSuchUpload(uploadId: string): S3Reply {
  return s3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  });
}

/** The live upload named by `?uploadId=` for this bucket and key, or the error S3 would send. */
function liveUpload(r: S3Request): RecordedUpload | S3Reply {
  const uploadId = r.query.get('uploadId') ?? '';
  const upload = r.state.uploads.get(uploadId);
  if (!upload || upload.bucket !== r.bucket || upload.key !== r.key || upload.aborted || upload.completed) return noSuchUpload(uploadId);
  return upload;
}

export function createMultipartUpload(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  const upload: RecordedUpload = {
    uploadId: randomUUID(),
    bucket: r.bucket,
    key: r.key,
    parts: new Map(),
    aborted: false,
    completed: false,
    initiated: new Date(),
    contentType: String(r.headers['content-type'] ?? 'binary/octet-stream'),
    metadata: metadataFrom(r.headers),
  };
  r.state.uploads.set(upload.uploadId, upload);
  return xmlReply('InitiateMultipartUploadResult', tag('Bucket', r.bucket) + tag('Key', r.key) + tag('UploadId', upload.uploadId));
}

export function uploadPart(r: S3Request): S3Reply {
  const upload = liveUpload(r);
  if ('status' in upload) return upload;
  const partNumber = Number(r.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    return s3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  if (r.state.faults.failPart?.(partNumber, upload)) return s3Error(500, 'InternalError', `Injected failure for part ${partNumber}`);
  const etag = `"${md5(r.body).toString('hex')}"`;
  upload.parts.set(partNumber, { partNumber, body: r.body, etag });
  return { status: 200, headers: { etag } };
}

export function completeMultipartUpload(r: S3Request): S3Reply {
  const upload = liveUpload(r);
  if ('status' in upload) return upload;
  const listed = blocks(r.body.toString('utf8'), 'Part').map((p) => ({
    partNumber: Number(text(p, 'PartNumber')),
    etag: text(p, 'ETag') ?? '',
  }));
  if (listed.length === 0) return s3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const bodies: Buffer[] = [];
  const digests: Buffer[] = [];
  for (const [i, { partNumber, etag }] of listed.entries()) {
    if (i > 0 && partNumber <= listed[i - 1]!.partNumber) return s3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
    const part = upload.parts.get(partNumber);
    // Clients may send the ETag with or without quotes.
    if (!part || part.etag.replace(/"/g, '') !== etag.replace(/"/g, '')) {
      return s3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found.', { PartNumber: String(partNumber) });
    }
    if (i < listed.length - 1 && part.body.length < MIN_PART_SIZE) {
      return s3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', { PartNumber: String(partNumber) });
    }
    bodies.push(part.body);
    digests.push(md5(part.body));
  }
  upload.completed = true;
  const etag = `"${md5(Buffer.concat(digests)).toString('hex')}-${listed.length}"`;
  r.state.objects.set(objectId(r.bucket, r.key), {
    bucket: r.bucket,
    key: r.key,
    body: Buffer.concat(bodies),
    etag,
    contentType: upload.contentType,
    metadata: upload.metadata,
    lastModified: new Date(),
  });
  const location = `/${r.bucket}/${encodeURIComponent(r.key)}`;
  return xmlReply('CompleteMultipartUploadResult', tag('Location', location) + tag('Bucket', r.bucket) + tag('Key', r.key) + tag('ETag', etag));
}

export function abortMultipartUpload(r: S3Request): S3Reply {
  const upload = liveUpload(r);
  if ('status' in upload) return upload;
  upload.aborted = true;
  return { status: 204 };
}

export function listMultipartUploads(r: S3Request): S3Reply {
  if (!r.state.buckets.has(r.bucket)) return noSuchBucket(r.bucket);
  const prefix = r.query.get('prefix') ?? '';
  const uploads = [...r.state.uploads.values()]
    .filter((u) => u.bucket === r.bucket && !u.aborted && !u.completed && u.key.startsWith(prefix))
    .sort((a, b) => (a.key === b.key ? a.initiated.getTime() - b.initiated.getTime() : a.key < b.key ? -1 : 1));
  // No paging: a test never holds more than the 1000 uploads S3 returns per page.
  const inner =
    tag('Bucket', r.bucket) +
    tag('KeyMarker', '') +
    tag('UploadIdMarker', '') +
    tag('Prefix', prefix) +
    tag('MaxUploads', 1000) +
    tag('IsTruncated', false) +
    uploads
      .map((u) => raw('Upload', tag('Key', u.key) + tag('UploadId', u.uploadId) + tag('Initiated', u.initiated.toISOString()) + tag('StorageClass', 'STANDARD')))
      .join('');
  return xmlReply('ListMultipartUploadsResult', inner);
}

export function listParts(r: S3Request): S3Reply {
  const upload = liveUpload(r);
  if ('status' in upload) return upload;
  const parts = [...upload.parts.values()]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((p) => raw('Part', tag('PartNumber', p.partNumber) + tag('LastModified', upload.initiated.toISOString()) + tag('ETag', p.etag) + tag('Size', p.body.length)))
    .join('');
  const inner =
    tag('Bucket', r.bucket) +
    tag('Key', r.key) +
    tag('UploadId', upload.uploadId) +
    tag('PartNumberMarker', 0) +
    tag('MaxParts', 1000) +
    tag('IsTruncated', false) +
    parts;
  return xmlReply('ListPartsResult', inner);
}
