/** Replay bookmarks (R6.1): a supervisor marks a moment of a clip with a note; kept with the clip, audited. */
import { randomUUID } from 'node:crypto';
import type { SupervisionCommandName } from '../../contract/supervision.js';
import { assertCan, requireActor } from '../access/permissions.js';
import { StationError } from '../domain/errors.js';
import { clipTarget } from './clip-access.js';
import { getClipOrThrow, whoIs, type SupervisionDeps, type SupervisionHandler } from './deps.js';

type BookmarkCommand = Extract<SupervisionCommandName, `bookmarks.${string}`>;

export function createBookmarkHandlers({ ctx, store, caseLevel }: SupervisionDeps): { [C in BookmarkCommand]: SupervisionHandler<C> } {
  return {
    'bookmarks.add': async (request, call) => {
      const actor = requireActor(call);
      const clip = getClipOrThrow(ctx, request.clipId);
      assertCan(actor, 'replay.bookmark', clipTarget(clip, caseLevel));
      const who = whoIs(call, actor);
      const bookmark = { id: `bm-${randomUUID()}`, clipId: clip.id, positionMs: request.positionMs, note: request.note, author: who, authorUserId: actor.userId, createdAt: ctx.ports.clock.now().toISOString() };
      await store.apply((data) => {
        data.bookmarks.push(bookmark);
      });
      await ctx.audit(who, 'replay.bookmarked', `clip:${clip.id}`, { after: bookmark });
      return bookmark;
    },
    'bookmarks.list': async (request, call) => {
      const actor = requireActor(call);
      const clip = getClipOrThrow(ctx, request.clipId);
      assertCan(actor, 'replay.bookmark', clipTarget(clip, caseLevel));
      return store
        .snapshot()
        .bookmarks.filter((bookmark) => bookmark.clipId === clip.id)
        .sort((a, b) => a.positionMs - b.positionMs);
    },
    'bookmarks.remove': async (request, call) => {
      const actor = requireActor(call);
      const found = store.snapshot().bookmarks.find((bookmark) => bookmark.id === request.id);
      if (!found) throw new StationError('BOOKMARK_NOT_FOUND', `no bookmark ${request.id}`, { id: request.id });
      const clip = getClipOrThrow(ctx, found.clipId);
      assertCan(actor, 'replay.bookmark', clipTarget(clip, caseLevel));
      // A note is its author's: others may read it, not take it away.
      if (found.authorUserId !== actor.userId) throw new StationError('FORBIDDEN', 'only the author removes a bookmark', { action: 'replay.bookmark', reason: 'not-owner' });
      await store.apply((data) => {
        data.bookmarks = data.bookmarks.filter((bookmark) => bookmark.id !== found.id);
      });
      await ctx.audit(whoIs(call, actor), 'replay.bookmark-removed', `clip:${clip.id}`, { before: found });
      return { removed: true };
    },
  };
}
