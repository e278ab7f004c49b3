/** What the multipart recorder remembers; tests read it directly. */

export interface StoredObject {
  bucket: string;
  key: string;
  body: Buffer;
  /** Quoted, as S3 sends it: `"<md5>"`, or `"<md5 of part md5s>-<parts>"` after a multipart upload. */
  etag: string;
  contentType: string;
  /** `x-amz-meta-*` headers without the prefix. */
  metadata: Record<string, string>;
  lastModified: Date;
}

export interface RecordedPart {
  partNumber: number;
  body: Buffer;
  etag: string;
}

export interface RecordedUpload {
  uploadId: string;
  bucket: string;
  key: string;
  /** Last successful UploadPart per part number (a retried part replaces the earlier one). */
  parts: Map<number, RecordedPart>;
  aborted: boolean;
  completed: boolean;
  initiated: Date;
  contentType: string;
  metadata: Record<string, string>;
}

export interface RecordedRequest {
  /** 1-based position among all requests the server received. */
  n: number;
  /** S3 operation name, e.g. `UploadPart`. */
  op: string;
  method: string;
  bucket?: string;
  key?: string;
  partNumber?: number;
  status: number;
}

export interface RecorderFaults {
  /** Answer 500 to UploadPart for these part numbers (every attempt, so SDK retries fail too). */
  failPart?: (partNumber: number, upload: RecordedUpload) => boolean;
  /** Answer 500 to the request(s) with this 1-based position. */
  failNthRequest?: number | number[];
  /** Answer 500 to any request this returns true for. */
  failRequest?: (request: { n: number; op: string; bucket?: string; key?: string }) => boolean;
}

export interface RecorderState {
  buckets: Set<string>;
  /** Keyed by `<bucket>/<key>` (see objectId). */
  objects: Map<string, StoredObject>;
  uploads: Map<string, RecordedUpload>;
  requests: RecordedRequest[];
  /** Mutable at any time during a test. */
  faults: RecorderFaults;
}

export function objectId(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

export function newState(faults: RecorderFaults = {}): RecorderState {
  return { buckets: new Set(), objects: new Map(), uploads: new Map(), requests: [], faults };
}
