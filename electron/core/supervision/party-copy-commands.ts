/**
 * Copies for a party (R5.2): the request is recorded (who, which identity document, which clips, why),
 * the head (负责人) approves or refuses it, and only then is a copy package produced on a named
 * destination. The vault's originals are only ever read. Every production and every refused export
 * names its destination in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import type { SupervisionCommandName } from '../../contract/supervision.js';
import { assertCan, can, requireActor } from '../access/permissions.js';
import type { Actor } from '../access/model.js';
import { StationError } from '../domain/errors.js';
import { clipTarget } from './clip-access.js';
import { clipSpan } from './continuity.js';
import { getClipOrThrow, whoIs, type SupervisionDeps, type SupervisionHandler } from './deps.js';
import { idDocumentProblem, maskIdNumber, normaliseIdNumber } from './id-document.js';
import type { PartyCopyRecord } from './model.js';
import type { PackageItem } from './ports.js';

type PartyCopyCommand = Extract<SupervisionCommandName, `partyCopies.${string}`>;

/** What leaves the record: the ID number masked, the requester's account id dropped. */
export function publicCopyRequest(record: PartyCopyRecord): PartyCopyRecord {
  const { requestedByUserId: _dropped, ...rest } = record;
  return { ...rest, idDocumentNumber: maskIdNumber(record.idDocumentNumber) };
}

/** A name inside the package: numbered, without path separators or control characters. */
export function packageFileName(index: number, originalName: string): string {
  const safe =
    [...originalName]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
      .join('')
      .replace(/^\.+/, '_')
      .slice(-120) || 'file';
  return `${String(index + 1).padStart(3, '0')}_${safe}`;
}

export function watermarkText(record: Pick<PartyCopyRecord, 'id' | 'recipientName'>): string {
  return `复制件 仅供 ${record.recipientName} 使用 申请号 ${record.id}`;
}

const WATERMARKABLE = new Set(['video', 'photo']);

export function createPartyCopyHandlers({ ctx, store, writer, caseLevel }: SupervisionDeps): { [C in PartyCopyCommand]: SupervisionHandler<C> } {
  const find = (id: string): PartyCopyRecord => {
    const record = store.snapshot().partyCopies.find((entry) => entry.id === id);
    if (!record) throw new StationError('PARTY_COPY_NOT_FOUND', `no copy request ${id}`, { id });
    return record;
  };
  const assertOnClips = (actor: Actor, action: 'party-copy.request' | 'party-copy.approve' | 'party-copy.produce', record: Pick<PartyCopyRecord, 'clipIds'> & { requestedByUserId?: string }) => {
    for (const clipId of record.clipIds) {
      const clip = getClipOrThrow(ctx, clipId);
      assertCan(actor, action, { ...clipTarget(clip, caseLevel), ...(record.requestedByUserId ? { ownerUserId: record.requestedByUserId } : {}) });
    }
  };

  return {
    'partyCopies.request': async (request, call) => {
      const actor = requireActor(call);
      const clipIds = [...new Set(request.clipIds)];
      assertOnClips(actor, 'party-copy.request', { clipIds });
      const problem = idDocumentProblem(request.idDocumentType, request.idDocumentNumber);
      if (problem)
        throw new StationError('ID_NUMBER_INVALID', `the identity document number is not valid (${problem})`, { problem }, { idDocumentNumber: { code: `ID_${problem.toUpperCase().replace('-', '_')}`, params: {} } });
      const now = ctx.ports.clock.now();
      const who = whoIs(call, actor);
      const record: PartyCopyRecord = {
        id: `PC-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 6).toUpperCase()}`,
        recipientName: request.recipientName,
        idDocumentType: request.idDocumentType,
        idDocumentNumber: normaliseIdNumber(request.idDocumentNumber),
        clipIds,
        reason: request.reason,
        requestedBy: who,
        requestedByUserId: actor.userId,
        requestedAt: now.toISOString(),
        status: 'pending',
        productions: [],
      };
      await store.apply((data) => {
        data.partyCopies.push(record);
      });
      const shown = publicCopyRequest(record);
      await ctx.audit(who, 'party-copy.requested', `party-copy:${record.id}`, { after: shown });
      return shown;
    },

    'partyCopies.list': async (_request, call) => {
      const actor = requireActor(call);
      if (!(['party-copy.request', 'party-copy.approve', 'party-copy.produce'] as const).some((action) => can(actor, action).allowed)) assertCan(actor, 'party-copy.request');
      // Only requests whose every clip the caller may see (a confidential clip's request does not exist for others).
      return store
        .snapshot()
        .partyCopies.filter((record) => record.clipIds.every((clipId) => {
          const clip = ctx.ports.catalogue.get(clipId);
          return clip !== undefined && can(actor, 'clip.see', clipTarget(clip, caseLevel)).allowed;
        }))
        .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
        .map(publicCopyRequest);
    },

    'partyCopies.decide': async (request, call) => {
      const actor = requireActor(call);
      const record = find(request.id);
      assertOnClips(actor, 'party-copy.approve', record);
      if (record.status !== 'pending') throw new StationError('PARTY_COPY_ALREADY_DECIDED', `request ${record.id} was already decided (${record.status})`, { id: record.id, status: record.status });
      const who = whoIs(call, actor);
      const decided: PartyCopyRecord = {
        ...record,
        status: request.approve ? 'approved' : 'rejected',
        decision: { approved: request.approve, by: who, at: ctx.ports.clock.now().toISOString(), ...(request.note ? { note: request.note } : {}) },
      };
      await store.apply((data) => {
        data.partyCopies = data.partyCopies.map((entry) => (entry.id === record.id ? decided : entry));
      });
      await ctx.audit(who, request.approve ? 'party-copy.approved' : 'party-copy.rejected', `party-copy:${record.id}`, { before: { status: record.status }, after: { status: decided.status, decision: decided.decision } });
      return publicCopyRequest(decided);
    },

    'partyCopies.produce': async (request, call) => {
      const actor = requireActor(call);
      const record = find(request.id);
      assertOnClips(actor, 'party-copy.produce', { clipIds: record.clipIds });
      if (record.status !== 'approved' || !record.decision?.approved)
        throw new StationError('PARTY_COPY_NOT_APPROVED', `request ${record.id} is ${record.status}; only an approved request is produced, once`, { id: record.id, status: record.status });
      const who = whoIs(call, actor);
      const now = ctx.ports.clock.now();
      const items: PackageItem[] = record.clipIds.map((clipId, index) => {
        const clip = getClipOrThrow(ctx, clipId);
        return {
          clipId,
          sourcePath: ctx.ports.vault.pathOf(clipId),
          fileName: packageFileName(index, clip.originalName),
          kind: clip.kind,
          size: clip.size,
          originalName: clip.originalName,
          ...(clip.label ? { caseNumber: clip.label.caseNumber } : {}),
          recordedAt: new Date(clipSpan(clip).start).toISOString(),
          ...(request.watermark && WATERMARKABLE.has(clip.kind) ? { watermarkText: watermarkText(record) } : {}),
        };
      });
      const folderName = `${record.id}_${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      try {
        if (!writer) throw new StationError('EXPORT_WRITE_FAILED', 'this station cannot write copy packages', { destination: request.destination });
        const written = await writer.write({
          destination: request.destination,
          folderName,
          items,
          cover: {
            requestId: record.id,
            agencyName: ctx.settings().agencyName,
            recipientName: record.recipientName,
            idDocumentType: record.idDocumentType,
            idDocumentNumber: record.idDocumentNumber,
            reason: record.reason,
            requestedBy: record.requestedBy,
            requestedAt: record.requestedAt,
            approvedBy: record.decision.by,
            approvedAt: record.decision.at,
            producedBy: who,
            producedAt: now.toISOString(),
            watermark: request.watermark,
          },
        });
        const production = { at: now.toISOString(), by: who, destination: request.destination, folder: written.folder, watermark: request.watermark, files: written.files, manifestSha256: written.manifestSha256 };
        const produced: PartyCopyRecord = { ...record, status: 'produced', productions: [...record.productions, production] };
        await store.apply((data) => {
          data.partyCopies = data.partyCopies.map((entry) => (entry.id === record.id ? produced : entry));
        });
        await ctx.audit(who, 'party-copy.produced', `party-copy:${record.id}`, { after: { destination: request.destination, folder: written.folder, watermark: request.watermark, manifestSha256: written.manifestSha256, files: written.files.length } });
        await Promise.all(record.clipIds.map((clipId) => ctx.audit(who, 'clip.exported', `clip:${clipId}`, { detail: { kind: 'party-copy', requestId: record.id, destination: request.destination, folder: written.folder, watermark: request.watermark } })));
        return { request: publicCopyRequest(produced), production };
      } catch (error) {
        const code = error instanceof StationError ? error.code : 'EXPORT_WRITE_FAILED';
        await ctx.audit(who, 'party-copy.export-refused', `party-copy:${record.id}`, { detail: { destination: request.destination, code, message: error instanceof Error ? error.message : String(error) } });
        throw error;
      }
    },
  };
}
