/**
 * The evidence explanation sheet (视听资料取证说明) written next to each clip on the disc (R2.3, 001 §23):
 * who collected the footage, when and where, with which device, and the checksums that tie the sheet
 * to the file. One A4 page, printable, with signature lines for the collecting officer and the handler.
 */
import type { ArchiveItem, ArchiveSetInfo } from '../../core/archive/ports.js';
import { clipStartTime } from '../../core/archive/layout.js';
import { byteText, clockOffsetText, durationText, KIND_NAMES, LONG_TERM_NAMES, localTime, STAGE_NAMES } from './archive-words.js';
import type { CjkFont } from './font-locator.js';
import { renderPdf } from './pdf-document.js';

export const SHEET_TITLE = '执法记录仪视听资料取证说明';

/** The rows of the sheet, in order: [label, value]. Pure, so the text can be checked without a PDF. */
export function evidenceSheetRows(item: ArchiveItem, set: ArchiveSetInfo): [string, string][] {
  const { clip, label } = item;
  const offset = set.utcOffsetMinutes;
  const start = clipStartTime(clip);
  const end = clip.media.durationMs === undefined ? undefined : new Date(Date.parse(start) + clip.media.durationMs).toISOString();
  const camera = clip.camera;
  const collector = camera.officerName ? `${camera.officerName}${camera.officerNumber ? `（警号/执法证号 ${camera.officerNumber}）` : ''}` : `${label.handler}（记录仪未登记使用人，按承办人记）`;
  const device = [camera.deviceNumber, camera.model, camera.serial ? `序列号 ${camera.serial}` : undefined].filter(Boolean).join('，');
  return [
    ['案号', label.caseNumber],
    ['当事人', label.party],
    ['案由', label.causeOfAction ?? '—'],
    ['执法环节', STAGE_NAMES[label.stage]],
    ['承办人', label.handler],
    ['取证人员', collector],
    ['取证时间', `${localTime(start, offset)}${end ? ` 至 ${localTime(end, offset).slice(11)}` : ''}，时长 ${durationText(clip.media.durationMs)}`],
    ['取证地点', label.location],
    ['执法记录设备', `${device}${camera.unitName ? `（${camera.unitName}${camera.department ? ` ${camera.department}` : ''}）` : ''}`],
    ['设备时钟', clockOffsetText(clip.clockOffsetMs)],
    ['资料类型', `${KIND_NAMES[clip.kind] ?? clip.kind}${clip.media.videoCodec ? `，${clip.media.videoCodec}` : ''}${clip.media.width ? ` ${clip.media.width}×${clip.media.height}` : ''}${clip.media.damaged ? `，文件受损：${clip.media.damaged}` : ''}`],
    ['原始文件', clip.originalPath],
    ['文件大小', byteText(clip.size)],
    ['SHA-256 校验值', clip.id],
    ['采集入库', `${localTime(clip.receivedAt, offset)}，采集记录 ${clip.dockSessionId}`],
    ['标注', `${label.labelledBy}，${localTime(label.labelledAt, offset)}`],
    ['长期保存原因', label.longTerm ? LONG_TERM_NAMES[label.longTerm] : LONG_TERM_NAMES.manual],
    ['光盘内位置', item.payloadPath],
    ['归档批次', `${set.setId}，${localTime(set.createdAt, offset)}，制作人 ${set.createdBy}`],
    ['采集工作站', `${set.station}（执法记录采集工作站 ${set.stationVersion}）`],
    ['审计记录', `第 ${set.auditRecord.seq} 条，哈希 ${set.auditRecord.hash}`],
    ['备注', label.notes ?? '—'],
  ];
}

export const SHEET_STATEMENT =
  '本视听资料由执法人员使用执法记录仪现场摄录，经执法记录采集工作站复制入库：入库时对原始文件计算 SHA-256 校验值，' +
  '原件以只读方式保存且未经剪辑、删改。本光盘所载文件在刻录后逐一回读，其 SHA-256 校验值与入库时一致。';

export async function renderEvidenceSheet(font: CjkFont, item: ArchiveItem, set: ArchiveSetInfo): Promise<Buffer> {
  const rows = evidenceSheetRows(item, set);
  return renderPdf(font, { title: `${SHEET_TITLE} ${item.clip.originalName}`, subject: item.label.caseNumber, author: set.agencyName || 'Evidence Station', createdAt: new Date(set.createdAt) }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    if (set.agencyName) doc.fontSize(11).text(set.agencyName, { align: 'center' });
    doc.fontSize(18).text(SHEET_TITLE, { align: 'center' });
    doc.moveDown(0.8);

    const labelWidth = 92;
    const valueWidth = width - labelWidth;
    const pad = 4;
    doc.fontSize(9.5);
    let y = doc.y;
    for (const [label, value] of rows) {
      const height = Math.max(doc.heightOfString(label, { width: labelWidth - 2 * pad }), doc.heightOfString(value, { width: valueWidth - 2 * pad })) + 2 * pad;
      doc.rect(left, y, labelWidth, height).stroke('#555555');
      doc.rect(left + labelWidth, y, valueWidth, height).stroke('#555555');
      doc.fillColor('#000000').text(label, left + pad, y + pad, { width: labelWidth - 2 * pad });
      doc.text(value, left + labelWidth + pad, y + pad, { width: valueWidth - 2 * pad });
      y += height;
    }
    doc.x = left;
    doc.y = y + 10;
    doc.fontSize(9.5).text(SHEET_STATEMENT, left, doc.y, { width, lineGap: 2 });
    doc.moveDown(2);
    doc.fontSize(10.5);
    const signY = doc.y;
    doc.text('取证人员（签名）：____________', left, signY, { width: width / 2 });
    doc.text('承办人（签名）：____________', left + width / 2, signY, { width: width / 2 });
    doc.moveDown(1.6);
    const dateY = doc.y;
    doc.text('制作人（签名）：____________', left, dateY, { width: width / 2 });
    doc.text('日期：______年____月____日', left + width / 2, dateY, { width: width / 2 });
  });
}
