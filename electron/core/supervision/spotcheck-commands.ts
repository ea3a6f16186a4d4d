/**
 * The periodic spot-check review (R6.1): a stratified random sample of each officer's footage per
 * period lands in the supervisors' queue; a supervisor reviews it (never their own footage: the
 * permission table's `spotcheck.review` rule), the officer sees the result. Drawing is idempotent per
 * period: the hosts' monthly timer and a supervisor's button can both ask, one draw is made.
 */
import { randomUUID } from 'node:crypto';
import type { SupervisionCommandName } from '../../contract/supervision.js';
import { assertCan, can, requireActor } from '../access/permissions.js';
import type { Actor } from '../access/model.js';
import { StationError } from '../domain/errors.js';
import { allClips, clipTarget } from './clip-access.js';
import { clipSpan } from './continuity.js';
import { getClipOrThrow, whoIs, type SupervisionDeps, type SupervisionHandler } from './deps.js';
import type { SpotCheckDraw, SpotCheckItem } from './model.js';
import { alignPeriod, periodRange, previousPeriod } from './periods.js';
import { drawSample } from './sampling.js';
import { newSeed } from './seeded-random.js';

type SpotCheckCommand = Extract<SupervisionCommandName, `spotcheck.${string}`>;

/** Who the audit trail names for the timer's draws. */
export const SPOTCHECK_TIMER_ACTOR = 'station:spot-check';

export interface SpotCheck {
  handlers: { [C in SpotCheckCommand]: SupervisionHandler<C> };
  /** The draw for `period` (default: the period before now), made once; `by` is the audit name. */
  drawPeriod(by: string, period?: string, seed?: string): Promise<{ draw: SpotCheckDraw; alreadyDrawn: boolean }>;
}

function isOwn(actor: Actor, item: SpotCheckItem): boolean {
  return actor.badgeNumber !== undefined && item.officerKey === actor.badgeNumber;
}

export function createSpotCheck({ ctx, store, caseLevel }: SupervisionDeps): SpotCheck {
  let drawing: Promise<{ draw: SpotCheckDraw; alreadyDrawn: boolean }> = Promise.resolve(undefined as never);

  const drawOnce = async (by: string, requested: string | undefined, seed: string): Promise<{ draw: SpotCheckDraw; alreadyDrawn: boolean }> => {
    const { spotCheckPeriodMonths: months, spotCheckSamplePerOfficer: perOfficer } = ctx.settings();
    const now = ctx.ports.clock.now();
    const period = alignPeriod(requested ?? previousPeriod(now, months), months);
    const existing = store.snapshot().draws.find((draw) => draw.period === period);
    if (existing) return { draw: existing, alreadyDrawn: true };
    const { from, to } = periodRange(period, months);
    // Wide catalogue bounds (a day each side); the sample applies the exact period on the start time.
    const clips = allClips(ctx.ports.catalogue, { from: new Date(from.getTime() - 86_400_000).toISOString(), to: new Date(to.getTime() + 86_400_000).toISOString() });
    const exclude = new Set(store.snapshot().items.map((item) => item.clipId));
    const sample = drawSample(clips, { seed, period, periodMonths: months, perOfficer, exclude });
    const drawId = `SC-${period}-${randomUUID().slice(0, 8)}`;
    const drawnAt = now.toISOString();
    const items: SpotCheckItem[] = sample.drawn.map(({ clip, officerKey, stratum }) => ({
      id: `${drawId}-${clip.id.slice(0, 12)}`,
      drawId,
      period,
      clipId: clip.id,
      officerKey,
      ...(clip.camera.officerName ? { officerName: clip.camera.officerName } : {}),
      ...(clip.department ? { department: clip.department } : {}),
      stratum,
      recordedAt: new Date(clipSpan(clip).start).toISOString(),
      originalName: clip.originalName,
      ...(clip.label ? { caseNumber: clip.label.caseNumber } : {}),
      drawnAt,
    }));
    const draw: SpotCheckDraw = { id: drawId, period, periodMonths: months, from: from.toISOString(), to: to.toISOString(), seed, perOfficer, drawnAt, drawnBy: by, officers: sample.officers, itemIds: items.map((item) => item.id) };
    await store.apply((data) => {
      data.draws.push(draw);
      data.items.push(...items);
    });
    await ctx.audit(by, 'spotcheck.drawn', `spotcheck:${period}`, { after: { drawId, period, seed, perOfficer, officers: sample.officers, clipIds: items.map((item) => item.clipId) } });
    return { draw, alreadyDrawn: false };
  };

  const drawPeriod = (by: string, period?: string, seed = newSeed()) => {
    // One draw at a time, so the timer and a supervisor cannot both draw the same period.
    const run = drawing.catch(() => undefined).then(() => drawOnce(by, period, seed));
    drawing = run;
    return run;
  };

  const reviewable = (actor: Actor, item: SpotCheckItem): boolean => {
    const clip = ctx.ports.catalogue.get(item.clipId);
    return clip !== undefined && can(actor, 'spotcheck.review', { ...clipTarget(clip, caseLevel), ownerBadge: item.officerKey }).allowed;
  };

  return {
    drawPeriod,
    handlers: {
      'spotcheck.draw': async (request, call) => {
        const actor = requireActor(call);
        assertCan(actor, 'spotcheck.draw');
        return drawPeriod(whoIs(call, actor), request.period);
      },
      'spotcheck.draws': async (_request, call) => {
        assertCan(requireActor(call), 'spotcheck.draw');
        return store.snapshot().draws.sort((a, b) => b.period.localeCompare(a.period));
      },
      'spotcheck.queue': async (request, call) => {
        const actor = requireActor(call);
        assertCan(actor, 'spotcheck.review');
        return store
          .snapshot()
          .items.filter((item) => (!request.period || item.period === request.period) && (request.includeReviewed === true || item.review === undefined) && !isOwn(actor, item) && reviewable(actor, item))
          .sort((a, b) => b.period.localeCompare(a.period) || a.officerKey.localeCompare(b.officerKey) || a.recordedAt.localeCompare(b.recordedAt));
      },
      'spotcheck.review': async (request, call) => {
        const actor = requireActor(call);
        const item = store.snapshot().items.find((entry) => entry.id === request.itemId);
        if (!item) throw new StationError('SPOTCHECK_ITEM_NOT_FOUND', `no spot-check item ${request.itemId}`, { itemId: request.itemId });
        const clip = getClipOrThrow(ctx, item.clipId);
        // The table refuses a supervisor their own footage ('own-record'), on the station side.
        assertCan(actor, 'spotcheck.review', { ...clipTarget(clip, caseLevel), ownerBadge: item.officerKey });
        if (item.review) throw new StationError('SPOTCHECK_ALREADY_REVIEWED', 'this clip was already reviewed', { itemId: item.id, by: item.review.by });
        const who = whoIs(call, actor);
        const review = {
          by: who,
          byUserId: actor.userId,
          at: ctx.ports.clock.now().toISOString(),
          recordedInFull: request.recordedInFull,
          lawfulAndStandard: request.lawfulAndStandard,
          interruptionsExplained: request.interruptionsExplained,
          findings: request.findings,
        };
        const reviewed: SpotCheckItem = { ...item, review };
        await store.apply((data) => {
          data.items = data.items.map((entry) => (entry.id === item.id ? reviewed : entry));
        });
        await ctx.audit(who, 'spotcheck.reviewed', `clip:${clip.id}`, { after: { itemId: item.id, period: item.period, officer: item.officerKey, ...review } });
        return reviewed;
      },
      'spotcheck.mine': async (_request, call) => {
        const actor = requireActor(call);
        // The officer sees the results of reviews of their own footage (not what still waits).
        return store
          .snapshot()
          .items.filter((item) => isOwn(actor, item) && item.review !== undefined)
          .sort((a, b) => (b.review?.at ?? '').localeCompare(a.review?.at ?? ''));
      },
    },
  };
}
