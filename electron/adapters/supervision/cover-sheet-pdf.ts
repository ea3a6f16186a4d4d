/**
 * The cover sheet of a party's copy (复制件交付单): which request, who receives it (with the identity
 * document in full: this sheet is handed over and filed), who approved and produced it, and every file
 * with its SHA-256 (and, for a marked copy, the original's it was made from).
 */
import type { PartyCopyFile } from '../../core/supervision/model.js';
import type { CoverSheetFacts } from '../../core/supervision/ports.js';
import { localTime } from '../archive/archive-words.js';
import type { CjkFont } from '../archive/font-locator.js';
import { renderPdf } from '../archive/pdf-document.js';

export const COVER_TITLE = '执法记录视听资料复制件交付单';
const CHINA_MINUTES = 480;

export const ID_DOCUMENT_NAMES: Record<string, string> = {
  'resident-id': '居民身份证',
  passport: '护照',
  'hk-macao-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
  other: '其他证件',
};

/** The sheet's rows, pure, so the words can be checked without a PDF. */
export function coverSheetRows(facts: CoverSheetFacts): [string, string][] {
  return [
    ['申请编号', facts.requestId],
    ['执法机关', facts.agencyName || '—'],
    ['领取人', facts.recipientName],
    ['证件', `${ID_DOCUMENT_NAMES[facts.idDocumentType] ?? facts.idDocumentType} ${facts.idDocumentNumber}`],
    ['申请事由', facts.reason],
    ['登记人', `${facts.requestedBy}，${localTime(facts.requestedAt, CHINA_MINUTES)}`],
    ['批准人（负责人）', `${facts.approvedBy}，${localTime(facts.approvedAt, CHINA_MINUTES)}`],
    ['制作人', `${facts.producedBy}，${localTime(facts.producedAt, CHINA_MINUTES)}`],
    ['复制方式', facts.watermark ? '重新编码的复制件，画面上有领取人姓名与申请编号的可见标记；原件未作任何改动' : '与原件逐字节相同的复制件'],
  ];
}

export async function renderCoverSheet(font: CjkFont, facts: CoverSheetFacts, files: readonly (PartyCopyFile & { originalName?: string })[]): Promise<Buffer> {
  const rows = coverSheetRows(facts);
  return renderPdf(font, { title: `${COVER_TITLE} ${facts.requestId}`, subject: facts.requestId, author: facts.agencyName || 'Evidence Station', createdAt: new Date(facts.producedAt) }, (doc) => {
    doc.fontSize(16).text(COVER_TITLE, { align: 'center' });
    doc.moveDown(0.8);
    doc.fontSize(10);
    for (const [label, value] of rows) doc.text(`${label}：${value}`);
    doc.moveDown(0.6);
    doc.fontSize(11).text(`文件清单（共 ${files.length} 个）`);
    doc.fontSize(8);
    files.forEach((file, i) => {
      doc.moveDown(0.3);
      doc.text(`${i + 1}. ${file.path}（${file.size} 字节）${file.originalName ? `，原文件名 ${file.originalName}` : ''}`);
      doc.text(`   SHA-256：${file.sha256}`);
      if (file.originalSha256 && file.originalSha256 !== file.sha256) doc.text(`   原件 SHA-256：${file.originalSha256}`);
    });
    doc.moveDown(0.8);
    doc.fontSize(9).text('本包内 manifest-sha256.txt 列出每个文件的 SHA-256，可用 sha256sum -c manifest-sha256.txt 核对。复制件仅供申请事由所述用途，不得擅自公开或传播。');
    doc.moveDown(1.5);
    doc.fontSize(10).text('领取人签字：____________________        日期：____________');
    doc.moveDown(0.8);
    doc.text('经办人签字：____________________        日期：____________');
  });
}
