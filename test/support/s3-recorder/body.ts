import type { IncomingMessage } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return isAwsChunked(req) ? decodeAwsChunked(body) : body;
}

/**
 * SDK clients left on their default checksum setting stream bodies as `aws-chunked`. Real S3 strips the framing;
 * s3rver does not and stores it, so the recorder strips it to behave like S3 whatever the client setting.
 */
function isAwsChunked(req: IncomingMessage): boolean {
  const encoding = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n[trailers]\r\n`. */
export function decodeAwsChunked(framed: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('aws-chunked body: missing chunk header');
    const size = parseInt(framed.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new Error('aws-chunked body: bad chunk size');
    if (size === 0) return Buffer.concat(out);
    const start = lineEnd + 2;
    out.push(framed.subarray(start, start + size));
    at = start + size + 2;
  }
}
