import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { S3_CREDENTIALS, S3_REGION, startMultipartRecorder, startS3, type MultipartRecorder, type S3StandIn } from '../support/s3.js';

const MiB = 1024 * 1024;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function getBytes(client: S3Client, Bucket: string, Key: string, Range?: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket, Key, ...(Range ? { Range } : {}) }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** Random bytes are incompressible, so the gzip stream is as large as the input: a real multi-part upload. */
function gzipStream(bytes: number): { stream: PassThrough; digest: () => string; source: Buffer } {
  const source = randomBytes(bytes);
  const hash = createHash('sha256');
  const stream = new PassThrough();
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => hash.update(chunk));
  void pipeline(Readable.from([source]), createGzip({ level: 1 }), tap, stream).catch((err: unknown) => stream.destroy(err as Error));
  return { stream, digest: () => hash.digest('hex'), source };
}

/** The SDK's default checksum settings: streamed bodies go out `aws-chunked` with a trailer. */
function defaultChecksumClient(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: S3_REGION, credentials: S3_CREDENTIALS, forcePathStyle: true });
}

describe('S3 stand-ins', function () {
  this.timeout(60_000);

  describe('startS3 (s3rver)', () => {
    let s3: S3StandIn;
    beforeEach(async () => {
      s3 = await startS3();
      await s3.bucket('backups');
    });
    afterEach(() => s3.stop());

    it('keeps a streamed PutObject byte-identical with the helper client settings', async () => {
      const data = randomBytes(256 * 1024);
      await s3.client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'a/stream.bin', Body: Readable.from([data]), ContentLength: data.length }));
      const back = await getBytes(s3.client, 'backups', 'a/stream.bin');
      expect(back.length).to.equal(data.length);
      expect(sha256(back)).to.equal(sha256(data));
    });

    it('stores aws-chunked framing from a client on default checksum settings (the reason for WHEN_REQUIRED)', async () => {
      const data = randomBytes(256 * 1024);
      const client = defaultChecksumClient(s3.endpoint);
      try {
        await client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'framed.bin', Body: Readable.from([data]), ContentLength: data.length }));
      } finally {
        client.destroy();
      }
      const back = await getBytes(s3.client, 'backups', 'framed.bin');
      expect(back.length).to.be.greaterThan(data.length);
    });

    it('round-trips a multipart Upload of a gzip stream', async () => {
      const gz = gzipStream(12 * MiB);
      const upload = new Upload({ client: s3.client, params: { Bucket: 'backups', Key: 'dump.ndjson.gz', Body: gz.stream }, partSize: 5 * MiB, queueSize: 2 });
      await upload.done();
      const back = await getBytes(s3.client, 'backups', 'dump.ndjson.gz');
      expect(sha256(back)).to.equal(gz.digest());
      expect(sha256(gunzipSync(back))).to.equal(sha256(gz.source));
    });

    it('lists with a prefix and removes its directory on stop', async () => {
      await s3.client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'x/1', Body: 'one' }));
      await s3.client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'y/1', Body: 'two' }));
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'backups', Prefix: 'x/' }));
      expect(listed.Contents?.map((c) => c.Key)).to.deep.equal(['x/1']);
      const { dir } = s3;
      expect(existsSync(dir)).to.equal(true);
      await s3.stop();
      expect(existsSync(dir)).to.equal(false);
      s3 = await startS3(); // afterEach stops this one
    });
  });

  describe('startMultipartRecorder', () => {
    let rec: MultipartRecorder;
    beforeEach(async () => {
      rec = await startMultipartRecorder();
      await rec.bucket('backups');
    });
    afterEach(() => rec.stop());

    it('round-trips a 20 MiB gzip stream uploaded with 5 MiB parts', async () => {
      const gz = gzipStream(20 * MiB);
      const upload = new Upload({ client: rec.client, params: { Bucket: 'backups', Key: 'idx/dump.ndjson.gz', Body: gz.stream }, partSize: 5 * MiB, queueSize: 4 });
      await upload.done();
      const back = await getBytes(rec.client, 'backups', 'idx/dump.ndjson.gz');
      expect(sha256(back)).to.equal(gz.digest());
      expect(sha256(gunzipSync(back))).to.equal(sha256(gz.source));

      const uploads = [...rec.state.uploads.values()];
      expect(uploads).to.have.length(1);
      expect(uploads[0]).to.include({ bucket: 'backups', key: 'idx/dump.ndjson.gz', completed: true, aborted: false });
      expect(uploads[0]!.parts.size).to.equal(5);
      const sizes = [...uploads[0]!.parts.values()].sort((a, b) => a.partNumber - b.partNumber).map((p) => p.body.length);
      expect(sizes.slice(0, 4)).to.deep.equal([5 * MiB, 5 * MiB, 5 * MiB, 5 * MiB]);
      expect(rec.state.objects.get('backups/idx/dump.ndjson.gz')?.etag).to.match(/^"[0-9a-f]{32}-5"$/);
    });

    it('records the abort, and stores no object, when part 2 fails', async () => {
      rec.state.faults.failPart = (partNumber) => partNumber === 2;
      const gz = gzipStream(12 * MiB);
      const upload = new Upload({ client: rec.client, params: { Bucket: 'backups', Key: 'broken.gz', Body: gz.stream }, partSize: 5 * MiB, queueSize: 1 });
      let error: unknown;
      try {
        await upload.done();
      } catch (e) {
        error = e;
      }
      expect((error as { name?: string })?.name).to.equal('InternalError');

      const [upload0] = [...rec.state.uploads.values()];
      expect(upload0).to.include({ aborted: true, completed: false });
      expect(upload0!.parts.has(2)).to.equal(false);
      expect(rec.state.objects.has('backups/broken.gz')).to.equal(false);
      const ops = rec.state.requests.map((r) => `${r.op}${r.partNumber ? `#${r.partNumber}` : ''} ${r.status}`);
      expect(ops).to.include('UploadPart#2 500');
      expect(ops).to.include('AbortMultipartUpload 204');
      expect(ops).not.to.include('CompleteMultipartUpload 200');
      const live = await rec.client.send(new ListMultipartUploadsCommand({ Bucket: 'backups' }));
      expect(live.Uploads ?? []).to.deep.equal([]);
    });

    it('fails the nth request once, and the SDK retry then succeeds', async () => {
      rec.state.faults.failNthRequest = rec.state.requests.length + 1;
      await rec.client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'k', Body: 'v' }));
      expect(rec.state.requests.slice(-2).map((r) => [r.op, r.status])).to.deep.equal([
        ['PutObject', 500],
        ['PutObject', 200],
      ]);
      expect((await getBytes(rec.client, 'backups', 'k')).toString()).to.equal('v');
    });

    it('lists parts and uploads, aborts, then refuses the aborted upload', async () => {
      const { UploadId } = await rec.client.send(new CreateMultipartUploadCommand({ Bucket: 'backups', Key: 'p' }));
      await rec.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'p', UploadId, PartNumber: 1, Body: Buffer.alloc(10, 1) }));
      const parts = await rec.client.send(new ListPartsCommand({ Bucket: 'backups', Key: 'p', UploadId }));
      expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).to.deep.equal([[1, 10]]);
      const live = await rec.client.send(new ListMultipartUploadsCommand({ Bucket: 'backups' }));
      expect(live.Uploads?.map((u) => [u.Key, u.UploadId])).to.deep.equal([['p', UploadId]]);

      await rec.client.send(new AbortMultipartUploadCommand({ Bucket: 'backups', Key: 'p', UploadId }));
      expect(rec.state.uploads.get(UploadId!)?.aborted).to.equal(true);
      let name: string | undefined;
      try {
        await rec.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'p', UploadId, PartNumber: 2, Body: 'x' }));
      } catch (e) {
        name = (e as Error).name;
      }
      expect(name).to.equal('NoSuchUpload');
    });

    it('refuses to complete with a part under 5 MiB that is not the last', async () => {
      const { UploadId } = await rec.client.send(new CreateMultipartUploadCommand({ Bucket: 'backups', Key: 'small' }));
      const etags: string[] = [];
      for (const PartNumber of [1, 2]) {
        const out = await rec.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'small', UploadId, PartNumber, Body: Buffer.alloc(100) }));
        etags.push(out.ETag!);
      }
      let name: string | undefined;
      try {
        await rec.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: 'backups',
            Key: 'small',
            UploadId,
            MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
          }),
        );
      } catch (e) {
        name = (e as Error).name;
      }
      expect(name).to.equal('EntityTooSmall');
    });

    it('serves Get with Range, Head, and the S3 error names for missing keys', async () => {
      await rec.client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'dir/a b+c.txt', Body: '0123456789', ContentType: 'text/plain', Metadata: { docs: '10' } }));
      expect((await getBytes(rec.client, 'backups', 'dir/a b+c.txt', 'bytes=2-4')).toString()).to.equal('234');
      expect((await getBytes(rec.client, 'backups', 'dir/a b+c.txt', 'bytes=-3')).toString()).to.equal('789');
      const head = await rec.client.send(new HeadObjectCommand({ Bucket: 'backups', Key: 'dir/a b+c.txt' }));
      expect([head.ContentLength, head.ContentType, head.Metadata?.docs]).to.deep.equal([10, 'text/plain', '10']);

      const names: string[] = [];
      for (const command of [new GetObjectCommand({ Bucket: 'backups', Key: 'nope' }), new HeadObjectCommand({ Bucket: 'backups', Key: 'nope' })]) {
        try {
          await rec.client.send(command as GetObjectCommand);
        } catch (e) {
          names.push((e as Error).name);
        }
      }
      expect(names).to.deep.equal(['NoSuchKey', 'NotFound']);
    });

    it('lists with prefix, delimiter and continuation, and deletes one or many', async () => {
      const keys = ['b/1', 'b/2', 'a/x/1', 'a/x/2', 'a/y', 'a/z/1', 'c'];
      for (const Key of keys) await rec.client.send(new PutObjectCommand({ Bucket: 'backups', Key, Body: Key }));

      const seen: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await rec.client.send(new ListObjectsV2Command({ Bucket: 'backups', MaxKeys: 2, ContinuationToken }));
        seen.push(...(page.Contents ?? []).map((c) => c.Key!));
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      expect(seen).to.deep.equal([...keys].sort());

      const grouped: string[] = [];
      ContinuationToken = undefined;
      do {
        const page: ListObjectsV2CommandOutput = await rec.client.send(
          new ListObjectsV2Command({ Bucket: 'backups', Prefix: 'a/', Delimiter: '/', MaxKeys: 1, ContinuationToken }),
        );
        grouped.push(...(page.CommonPrefixes ?? []).map((p) => `${p.Prefix}`), ...(page.Contents ?? []).map((c) => c.Key!));
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      expect(grouped).to.deep.equal(['a/x/', 'a/y', 'a/z/']);

      await rec.client.send(new DeleteObjectCommand({ Bucket: 'backups', Key: 'c' }));
      const many = await rec.client.send(new DeleteObjectsCommand({ Bucket: 'backups', Delete: { Objects: [{ Key: 'b/1' }, { Key: 'b/2' }] } }));
      expect(many.Deleted?.map((d) => d.Key)).to.deep.equal(['b/1', 'b/2']);
      expect([...rec.state.objects.keys()].sort()).to.deep.equal(['backups/a/x/1', 'backups/a/x/2', 'backups/a/y', 'backups/a/z/1']);
    });

    it('strips aws-chunked framing, so default-checksum clients store the right bytes', async () => {
      const data = randomBytes(256 * 1024);
      const client = defaultChecksumClient(rec.endpoint);
      try {
        await client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'framed.bin', Body: Readable.from([data]), ContentLength: data.length }));
      } finally {
        client.destroy();
      }
      expect(sha256(rec.state.objects.get('backups/framed.bin')!.body)).to.equal(sha256(data));
    });

    it('refuses bucket names S3 would refuse', async () => {
      let name: string | undefined;
      try {
        await rec.bucket('b');
      } catch (e) {
        name = (e as Error).name;
      }
      expect(name).to.equal('InvalidBucketName');
    });

    it('refuses unsigned requests', async () => {
      const res = await fetch(`${rec.endpoint}/backups?list-type=2`);
      expect(res.status).to.equal(403);
      expect(await res.text()).to.contain('<Code>AccessDenied</Code>');
    });
  });
});
