/**
 * S3 stand-ins for tests.
 * - startS3: s3rver, a faithful store for plain object traffic (it also checks signatures).
 * - startMultipartRecorder: our own server, because s3rver lacks AbortMultipartUpload, ListParts and
 *   ListMultipartUploads, so abort-on-failure can only be proven against it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3Client, type S3StandIn } from './s3-client.js';

export { S3_CREDENTIALS, S3_REGION, s3Client, type S3StandIn } from './s3-client.js';
export { startMultipartRecorder, type MultipartRecorder } from './s3-recorder/server.js';
export type { RecorderFaults, RecorderState, RecordedUpload, StoredObject } from './s3-recorder/state.js';

/** `port` defaults to 0 (a free port), which lets tests run in parallel; s3rver's own default 4568 would collide. */
export async function startS3(options: { port?: number } = {}): Promise<S3StandIn> {
  const dir = await mkdtemp(join(tmpdir(), 'aoss-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3Client(endpoint);
  return {
    endpoint,
    client,
    dir,
    async bucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      // Dropping the client's keep-alive sockets first lets the server close without waiting for them to idle out.
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
