/**
 * The S3-compatible target (@aws-sdk/client-s3): AWS, MinIO, Ceph RGW, any endpoint with path-style
 * or virtual-host addressing. A PUT is atomic on S3; large objects go up as a multipart upload, which
 * is invisible until completed and aborted on failure, so a half-finished upload never shows.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { BackupError } from '../../core/backup/errors.js';
import type { BackupTarget, TargetEntry } from '../../core/backup/ports.js';
import { errno, isNetworkErrno } from './target-errors.js';

export interface S3Location {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
  pathStyle: boolean;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const PART_BYTES = 16 * 1024 * 1024;

export class S3Target implements BackupTarget {
  readonly verifyAfterUpload = 'tail' as const;
  readonly description: string;

  private constructor(
    private readonly client: S3Client,
    private readonly location: S3Location,
  ) {
    this.description = `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` (${location.endpoint})` : ''}`;
  }

  static async open(location: S3Location, credentials: S3Credentials): Promise<S3Target> {
    const client = new S3Client({
      region: location.region,
      forcePathStyle: location.pathStyle,
      credentials,
      maxAttempts: 2,
      // Checksums only where S3 requires them: S3-compatible stores (and older MinIO) reject the newer trailing checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    });
    const target = new S3Target(client, location);
    try {
      await client.send(new HeadBucketCommand({ Bucket: location.bucket }));
    } catch (error) {
      client.destroy();
      const failure = target.fail(error, '(bucket)');
      // HEAD has no body: a missing bucket comes back as a bare 404.
      if (failure.code === 'BACKUP_OBJECT_MISSING') throw new BackupError('BACKUP_TARGET_INVALID', `the bucket ${location.bucket} does not exist`, { target: target.description, detail: 'no such bucket' });
      throw failure;
    }
    return target;
  }

  private key(name: string): string {
    return `${this.location.prefix}${name}`;
  }

  private fail(error: unknown, name: string): BackupError {
    if (error instanceof BackupError) return error;
    const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string };
    const status = e.$metadata?.httpStatusCode;
    const code = e.Code ?? e.name ?? '';
    const message = e.message ?? String(error);
    const params = { target: this.description, detail: `${code} ${message}`.trim() };
    if (status === 403 || ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken', 'InvalidToken'].includes(code)) return new BackupError('BACKUP_AUTH_FAILED', `${this.description} refused the credentials (${code || status})`, params);
    if (status === 507 || ['QuotaExceeded', 'InsufficientStorage', 'XMinioStorageFull', 'EntityTooLarge'].includes(code)) return new BackupError('BACKUP_TARGET_FULL', `the backup target ${this.description} is full (${code || status})`, params);
    if (code === 'NoSuchBucket') return new BackupError('BACKUP_TARGET_INVALID', `the bucket ${this.location.bucket} does not exist`, { ...params, target: this.description });
    if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) return new BackupError('BACKUP_OBJECT_MISSING', `${name} is not on ${this.description}`, { ...params, object: name });
    const net = errno(error) || errno((error as { cause?: unknown }).cause);
    if (isNetworkErrno(net) || code === 'TimeoutError' || (status !== undefined && status >= 500)) return new BackupError('BACKUP_TARGET_UNREACHABLE', `cannot reach ${this.description} (${net || code || status})`, { ...params, errno: net || code || String(status) });
    return new BackupError('BACKUP_WRITE_FAILED', `${this.description}: ${name}: ${message}`, params);
  }

  async list(prefix: string): Promise<TargetEntry[]> {
    const entries: TargetEntry[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.key(prefix), ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of page.Contents ?? []) if (object.Key) entries.push({ name: object.Key.slice(this.location.prefix.length), size: object.Size ?? 0 });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.fail(error, prefix);
    }
    return entries;
  }

  async put(name: string, data: AsyncIterable<Buffer>): Promise<void> {
    const Bucket = this.location.bucket;
    const Key = this.key(name);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag: string; PartNumber: number }[] = [];
    const sendPart = async (body: Buffer): Promise<void> => {
      if (!uploadId) uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key }))).UploadId;
      const PartNumber = parts.length + 1;
      const result = await this.client.send(new UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.length }));
      parts.push({ ETag: result.ETag ?? '', PartNumber });
    };
    try {
      for await (const piece of data) {
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes >= PART_BYTES) {
          const whole = Buffer.concat(pending, pendingBytes);
          pending = [whole.subarray(PART_BYTES)];
          pendingBytes = whole.length - PART_BYTES;
          await sendPart(whole.subarray(0, PART_BYTES));
        }
      }
      const rest = Buffer.concat(pending, pendingBytes);
      if (!uploadId) {
        await this.client.send(new PutObjectCommand({ Bucket, Key, Body: rest, ContentLength: rest.length }));
        return;
      }
      if (rest.length > 0) await sendPart(rest);
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      if (uploadId) await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId })).catch(() => undefined);
      throw this.fail(error, name);
    }
  }

  async *get(name: string): AsyncIterable<Buffer> {
    let body: AsyncIterable<Uint8Array>;
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(name) }));
      body = result.Body as unknown as AsyncIterable<Uint8Array>;
    } catch (error) {
      throw this.fail(error, name);
    }
    try {
      for await (const piece of body) yield Buffer.from(piece);
    } catch (error) {
      throw this.fail(error, name);
    }
  }

  async getRange(name: string, start: number, length: number): Promise<Buffer> {
    if (length === 0) return Buffer.alloc(0);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(name), Range: `bytes=${start}-${start + length - 1}` }));
      return Buffer.from(await (result.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    } catch (error) {
      throw this.fail(error, name);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
