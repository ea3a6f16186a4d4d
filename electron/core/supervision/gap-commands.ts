/**
 * The continuity timeline and gap explanations (R1.3). Gaps are computed from the catalogue each time;
 * only a gap someone asked about is stored, with its request and (once written) the officer's
 * explanation, which stays with the two clips for good.
 */
import type { SupervisionCommandName } from '../../contract/supervision.js';
import { can, assertCan, requireActor } from '../access/permissions.js';
import type { Actor } from '../access/model.js';
import type { Clip } from '../domain/clip.js';
import type { DockSession } from '../domain/dock.js';
import { StationError } from '../domain/errors.js';
import { allClips, clipTarget, type CaseLevelLookup } from './clip-access.js';
import { areConsecutive, buildTimeline, gapBetween } from './continuity.js';
import { getClipOrThrow, whoIs, type SupervisionDeps, type SupervisionHandler } from './deps.js';
import type { Gap, GapRecord } from './model.js';

type GapCommand = Extract<SupervisionCommandName, `gaps.${string}`>;

/** Who the audit trail names when the station itself asks for an explanation after a dock. */
export const CONTINUITY_ACTOR = 'station:continuity';

function visible(actor: Actor, clip: Clip, caseLevel: CaseLevelLookup | undefined): boolean {
  return can(actor, 'clip.see', clipTarget(clip, caseLevel)).allowed;
}

export function createGapHandlers({ ctx, store, caseLevel }: SupervisionDeps): { [C in GapCommand]: SupervisionHandler<C> } {
  const settings = () => ctx.settings();
  const stored = (): Map<string, GapRecord> => new Map(store.snapshot().gaps.map((gap) => [gap.id, gap]));
  const withStatus = (gap: Gap, records: Map<string, GapRecord>): Gap => {
    const record = records.get(gap.id);
    return record ? { ...gap, status: record.status, ...(record.request ? { request: record.request } : {}), ...(record.explanation ? { explanation: record.explanation } : {}) } : gap;
  };

  return {
    'gaps.timeline': async (request, call) => {
      const actor = requireActor(call);
      const clips = allClips(ctx.ports.catalogue, {
        ...(request.deviceNumber ? { deviceNumber: request.deviceNumber } : {}),
        ...(request.from ? { from: request.from } : {}),
        ...(request.to ? { to: request.to } : {}),
      }).filter((clip) => visible(actor, clip, caseLevel) && (!request.deviceNumber || clip.camera.deviceNumber === request.deviceNumber));
      const { gapThresholdMinutes: thresholdMinutes, continuityEventHours: eventHours } = settings();
      const records = stored();
      const events = buildTimeline(clips, { thresholdMinutes, eventHours })
        .filter((event) => !request.caseNumber || event.clips.some((clip) => clip.caseNumber === request.caseNumber))
        .slice(0, 200)
        .map((event) => ({ ...event, gaps: event.gaps.map((gap) => withStatus(gap, records)) }));
      return { thresholdMinutes, eventHours, events };
    },

    'gaps.list': async (request, call) => {
      const actor = requireActor(call);
      return store
        .snapshot()
        .gaps.filter((gap) => {
          if (request.status && gap.status !== request.status) return false;
          if (request.clipId && gap.beforeClipId !== request.clipId && gap.afterClipId !== request.clipId) return false;
          if (request.mine) return gap.officerBadge !== undefined && gap.officerBadge === actor.badgeNumber;
          const clip = ctx.ports.catalogue.get(gap.beforeClipId);
          return clip !== undefined && visible(actor, clip, caseLevel);
        })
        .sort((a, b) => (b.request?.at ?? '').localeCompare(a.request?.at ?? ''));
    },

    'gaps.requestExplanation': async (request, call) => {
      const actor = requireActor(call);
      const before = getClipOrThrow(ctx, request.beforeClipId);
      const after = getClipOrThrow(ctx, request.afterClipId);
      assertCan(actor, 'gap.request-explanation', clipTarget(before, caseLevel));
      assertCan(actor, 'gap.request-explanation', clipTarget(after, caseLevel));
      const deviceClips = allClips(ctx.ports.catalogue, { deviceNumber: before.camera.deviceNumber });
      if (!areConsecutive(before, after, deviceClips))
        throw new StationError('GAP_NOT_CONSECUTIVE', 'the two clips are not consecutive recordings of one device', { before: before.id, after: after.id });
      const gap = gapBetween(before, after, settings().gapThresholdMinutes);
      const existing = stored().get(gap.id);
      if (existing) return existing; // asked once is enough; the first request stands
      const who = whoIs(call, actor);
      const record: GapRecord = { ...gap, status: 'requested', request: { by: who, at: ctx.ports.clock.now().toISOString(), ...(request.note ? { note: request.note } : {}) } };
      await store.apply((data) => {
        data.gaps.push(record);
      });
      await ctx.audit(who, 'gap.explanation-requested', `clip:${before.id}`, { after: record });
      ctx.events.emit('station.notice', { level: 'info', code: 'GAP_EXPLANATION_REQUESTED', params: { gapId: record.id, officer: record.officerName ?? record.officerBadge ?? '', minutes: record.minutes } });
      return record;
    },

    'gaps.explain': async (request, call) => {
      const actor = requireActor(call);
      const gap = stored().get(request.gapId);
      if (!gap) throw new StationError('GAP_NOT_FOUND', `no explanation was asked for gap ${request.gapId}`, { gapId: request.gapId });
      const before = getClipOrThrow(ctx, gap.beforeClipId);
      assertCan(actor, 'gap.explain', { ...clipTarget(before, caseLevel), ...(gap.officerBadge ? { ownerBadge: gap.officerBadge } : {}) });
      if (gap.explanation) throw new StationError('GAP_ALREADY_EXPLAINED', 'this gap was already explained; an explanation is kept as written', { gapId: gap.id, at: gap.explanation.at });
      const who = whoIs(call, actor);
      const explained: GapRecord = { ...gap, status: 'explained', explanation: { text: request.text, by: who, byUserId: actor.userId, at: ctx.ports.clock.now().toISOString() } };
      await store.apply((data) => {
        data.gaps = data.gaps.map((entry) => (entry.id === gap.id ? explained : entry));
      });
      await ctx.audit(who, 'gap.explained', `clip:${before.id}`, { before: { status: gap.status }, after: { gapId: gap.id, afterClipId: gap.afterClipId, explanation: explained.explanation } });
      return explained;
    },
  };
}

/**
 * The station asks by itself (R1.3): once a dock has copied its files, every gap longer than the
 * threshold next to one of the docked clips is recorded as "explanation requested" from the officer,
 * as if a supervisor had asked. Asked once per gap; a supervisor's later request returns the same record.
 */
export function createGapWatch({ ctx, store }: Pick<SupervisionDeps, 'ctx' | 'store'>): { afterDock(session: DockSession): Promise<number>; idle(): Promise<void> } {
  const done = new Set<string>();
  let chain: Promise<unknown> = Promise.resolve();
  const check = async (session: DockSession): Promise<number> => {
    const docked = session.clipIds.map((id) => ctx.ports.catalogue.get(id)).filter((clip): clip is Clip => clip !== undefined);
    const devices = new Set(docked.map((clip) => clip.camera.deviceNumber));
    const { gapThresholdMinutes: thresholdMinutes, continuityEventHours: eventHours } = ctx.settings();
    const known = new Set(store.snapshot().gaps.map((gap) => gap.id));
    const wanted = new Set(session.clipIds);
    const fresh: GapRecord[] = [];
    const at = ctx.ports.clock.now().toISOString();
    for (const deviceNumber of devices) {
      for (const event of buildTimeline(allClips(ctx.ports.catalogue, { deviceNumber }).filter((clip) => clip.camera.deviceNumber === deviceNumber), { thresholdMinutes, eventHours })) {
        for (const gap of event.gaps) {
          if (!gap.overThreshold || known.has(gap.id) || !(wanted.has(gap.beforeClipId) || wanted.has(gap.afterClipId))) continue;
          fresh.push({ ...gap, status: 'requested', request: { by: CONTINUITY_ACTOR, at } });
        }
      }
    }
    if (fresh.length === 0) return 0;
    await store.apply((data) => {
      const stored = new Set(data.gaps.map((gap) => gap.id));
      data.gaps.push(...fresh.filter((gap) => !stored.has(gap.id)));
    });
    for (const gap of fresh) {
      await ctx.audit(CONTINUITY_ACTOR, 'gap.explanation-requested', `clip:${gap.beforeClipId}`, { after: gap, detail: { dockSessionId: session.id } });
      ctx.events.emit('station.notice', { level: 'info', code: 'GAP_EXPLANATION_REQUESTED', params: { gapId: gap.id, officer: gap.officerName ?? gap.officerBadge ?? '', minutes: gap.minutes } });
    }
    return fresh.length;
  };
  return {
    afterDock: (session) => {
      // Once the copy is over (labelling may still be going on); a session is looked at once.
      if (session.state === 'ingesting' || done.has(session.id) || session.clipIds.length === 0) return Promise.resolve(0);
      done.add(session.id);
      const run = chain.then(() => check(session));
      chain = run.catch(() => undefined);
      return run;
    },
    idle: () => chain.then(() => undefined),
  };
}
