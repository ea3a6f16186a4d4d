/** FixityService over in-memory ports: crash recovery, the schedule hook, stopping a run, problems that stay until found good. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../electron/core/domain/audit.js';
import type { Clip } from '../../electron/core/domain/clip.js';
import { DEFAULT_SETTINGS } from '../../electron/core/domain/settings.js';
import { StationEvents } from '../../electron/core/events.js';
import { FixityService } from '../../electron/core/fixity/fixity-service.js';
import { EMPTY_FIXITY_STATE, type FixityState } from '../../electron/core/fixity/model.js';
import type { FixityStore, RehashResult, VaultFixity, VaultObjectEntry } from '../../electron/core/fixity/ports.js';
import type { StationContext } from '../../electron/core/station-context.js';

const HOUR = 3_600_000;
const id = (n: number) => n.toString(16).padStart(64, '0');

function setup(options: { stored?: FixityState; ingesting?: boolean; clips?: number } = {}) {
  let now = new Date('2026-11-23T08:00:00Z');
  const clips = new Map<string, Clip>();
  for (let n = 1; n <= (options.clips ?? 3); n++) clips.set(id(n), { id: id(n), size: 10, originalName: `VID_${n}.MP4` } as Clip);
  const audit: AuditEntry[] = [];
  let saved: FixityState = structuredClone(options.stored ?? EMPTY_FIXITY_STATE);
  const store: FixityStore = { load: async () => structuredClone(saved), save: async (state) => void (saved = structuredClone(state)) };
  const bad = new Set<string>();
  let gate: Promise<void> | undefined;
  const vault: VaultFixity = {
    listObjects: async (): Promise<VaultObjectEntry[]> => [...clips.keys()].map((sha256) => ({ key: `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`, sha256, size: 10 })),
    rehash: async (sha256): Promise<RehashResult> => {
      if (gate) await gate;
      return { status: 'read', sha256: bad.has(sha256) ? 'f'.repeat(64) : sha256, size: 10, readFromDevice: true };
    },
  };
  const ctx = {
    ports: {
      clock: { now: () => now },
      catalogue: {
        count: () => clips.size,
        query: ({ offset = 0, limit = 100 }: { offset?: number; limit?: number }) => ({ items: [...clips.values()].slice(offset, offset + limit), total: clips.size }),
        get: (key: string) => clips.get(key),
      },
    },
    events: new StationEvents(),
    docks: { open: () => (options.ingesting ? [{ state: 'ingesting' }] : []) },
    settings: () => DEFAULT_SETTINGS,
    audit: async (actor: string, action: string, target: string, extra = {}) => {
      audit.push({ actor, action, target, ...extra });
      return {} as never;
    },
  } as unknown as StationContext;
  const service = new FixityService(ctx, { vault, store });
  return {
    service,
    audit,
    bad,
    saved: () => saved,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('FixityService', () => {
  it('records a run cut short by a crash as interrupted and retries it an hour later, not at once', async () => {
    const startedAt = new Date('2026-11-23T07:30:00Z').toISOString();
    const t = setup({ stored: { ...EMPTY_FIXITY_STATE, lastCompleteStartedAt: '2026-11-01T00:00:00Z', inProgress: { runId: 'fx-1', startedAt, trigger: 'schedule', by: 'station:fixity-schedule' } } });
    expect(await t.service.runIfDue()).toBeUndefined();
    expect(t.audit.map((a) => a.action)).toEqual(['fixity.interrupted']);
    expect(t.saved().inProgress).toBeUndefined();
    expect(t.saved().lastIncompleteStartedAt).toBe(startedAt);
    t.advance(HOUR);
    expect(await t.service.runIfDue()).toMatch(/^fx-/);
    await t.service.whenIdle();
    expect(t.saved().lastRun).toMatchObject({ complete: true, trigger: 'schedule', by: 'station:fixity-schedule', good: 3 });
  });

  it('does not start a scheduled run while a camera is being copied', async () => {
    const t = setup({ ingesting: true });
    expect(await t.service.runIfDue()).toBeUndefined();
    expect(t.audit).toEqual([]);
  });

  it('runs one at a time: a second start joins the running run', async () => {
    const t = setup();
    const release = t.hold();
    const first = await t.service.start('clerk(1)');
    const second = await t.service.start('clerk(2)');
    expect(second).toEqual({ runId: first.runId, alreadyRunning: true });
    release();
    await t.service.whenIdle();
    expect(t.audit.filter((a) => a.action === 'fixity.started')).toHaveLength(1);
  });

  it('keeps earlier problems when a run is stopped, and clears one only when a later run finds it good', async () => {
    const t = setup();
    t.bad.add(id(2));
    await t.service.start('clerk(1)');
    await t.service.whenIdle();
    expect((await t.service.status()).problems.map((p) => [p.kind, p.clipId])).toEqual([['mismatch', id(2)]]);

    // A run stopped before it reached the damaged object leaves it listed, and the run marked incomplete.
    const release = t.hold();
    await t.service.start('clerk(1)');
    const closing = t.service.close();
    release();
    await closing;
    const stopped = await t.service.status();
    expect(stopped.lastRun?.complete).toBe(false);
    expect(stopped.problems.map((p) => p.clipId)).toEqual([id(2)]);
    expect(t.audit.map((a) => a.action)).toContain('fixity.stopped');
    await expect(t.service.start('clerk(1)')).rejects.toMatchObject({ code: 'SESSION_BUSY' });
  });
});
