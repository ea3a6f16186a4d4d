/**
 * The S3 target against s3rver - an S3 emulator written in Node, started here on 127.0.0.1. It speaks
 * the S3 REST API the AWS SDK uses (signatures, ranged GET, multipart upload), but it is an emulator,
 * not AWS or MinIO: quotas, eventual consistency and IAM policies are not exercised (docs/backup.md).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsRestoreSink } from '../../electron/adapters/backup/fs-restore-sink.js';
import { parseTarget } from '../../electron/adapters/backup/target-opener.js';
import { readManifest } from '../../electron/core/backup/manifest-reader.js';
import { restoreSnapshot } from '../../electron/core/backup/restore.js';
import { S3Target } from '../../electron/adapters/backup/s3-target.js';
import { backupOnce, makeBenchStation } from '../fixtures/backup-bench.js';
import { freePort } from './support/sshd.js';

const CREDS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('S3 target (s3rver emulator)', () => {
  let work: string;
  let server: S3rver;
  let endpoint: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-backup-s3-'));
    await mkdir(path.join(work, 's3'));
    server = new S3rver({ port: 0, address: '127.0.0.1', directory: path.join(work, 's3'), silent: true, configureBuckets: [{ name: 'evidence-backup' }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  const target = (prefix: string, at = endpoint) => `s3://evidence-backup/${prefix}?endpoint=${encodeURIComponent(at)}&region=us-east-1`;
  const idOf = (text: string) => {
    const parsed = parseTarget(text);
    return parsed.kind === 's3' ? parsed.id : '';
  };

  async function station(name: string, sizes: number[], creds = CREDS, at = endpoint) {
    const s = await makeBenchStation(path.join(work, name), sizes);
    await s.credentials.update((c) => {
      (c.s3 ??= {})[idOf(target('x', at))] = creds;
    });
    return s;
  }

  it('backs up (a multipart object among them), checks a sample, restores every object', async () => {
    const s = await station('data-ok', [17 * 1024 * 1024 + 5, 4000, 0]);
    const done = await backupOnce(s, target('station-1'));
    if (!done.ok) throw new Error(`${done.error.code} ${done.error.message}`);
    expect(done.summary.objects).toBe(3);
    const again = await backupOnce(s, target('station-1'));
    if (!again.ok) throw new Error(again.error.message);
    expect(again.summary.uploadedObjects).toBeLessThanOrEqual(1);
    const check = await s.service.verifySample('tester', 10, target('station-1'));
    expect(check.ok).toBe(true);

    const key = await s.keys.load();
    if (!key) throw new Error('no key');
    const parsed = parseTarget(target('station-1'));
    if (parsed.kind !== 's3') throw new Error('not s3');
    const s3 = await S3Target.open(parsed.location, CREDS);
    try {
      const { manifest } = await readManifest(key, s3);
      const into = path.join(work, 'restored');
      await mkdir(into);
      const result = await restoreSnapshot(key, s3, manifest, new FsRestoreSink(into));
      expect(result.problems).toEqual([]);
      expect(result.objects).toBe(3);
    } finally {
      await s3.close();
    }
  });

  it('an object altered on the bucket is found by the sample check, by name', async () => {
    const s = await station('data-tamper', [50_000]);
    const done = await backupOnce(s, target('tamper'));
    if (!done.ok) throw new Error(done.error.message);
    const key = await s.keys.load();
    if (!key) throw new Error('no key');
    const parsed = parseTarget(target('tamper'));
    if (parsed.kind !== 's3') throw new Error('not s3');
    const s3 = await S3Target.open(parsed.location, CREDS);
    const { manifest } = await readManifest(key, s3);
    await s3.close();
    const object = manifest.objects[0];
    if (!object) throw new Error('no object');
    const Key = `tamper/objects/${object.name.slice(0, 2)}/${object.name}`;
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const body = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'evidence-backup', Key }))).Body!.transformToByteArray());
    body[1000] = (body[1000] ?? 0) ^ 1;
    await client.send(new PutObjectCommand({ Bucket: 'evidence-backup', Key, Body: body, ContentLength: body.length }));
    client.destroy();
    const check = await s.service.verifySample('tester', 5, target('tamper'));
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.sha256)).toContain(object.sha256);
  });

  it('a revoked credential is an authentication error; a wrong bucket and an unreachable endpoint are said plainly', async () => {
    const revoked = await station('data-revoked', [10], { accessKeyId: 'REVOKED', secretAccessKey: 'nope' });
    const refused = await backupOnce(revoked, target('r'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code, refused.error.message).toBe('BACKUP_AUTH_FAILED');

    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await station('data-down', [10], CREDS, closed);
    const unreachable = await backupOnce(down, target('d', closed));
    expect(unreachable.ok).toBe(false);
    if (!unreachable.ok) expect(unreachable.error.code, unreachable.error.message).toBe('BACKUP_TARGET_UNREACHABLE');

    const s = await station('data-nobucket', [10]);
    const wrong = `s3://no-such-bucket/x?endpoint=${encodeURIComponent(endpoint)}`;
    await s.credentials.update((c) => {
      (c.s3 ??= {})[idOf(wrong)] = CREDS;
    });
    const missing = await backupOnce(s, wrong);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code, missing.error.message).toBe('BACKUP_TARGET_INVALID');
  });
});
