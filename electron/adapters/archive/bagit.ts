/**
 * BagIt 1.0 (RFC 8493) tag files, as pure text. Each disc is a complete bag of its own; a set spread
 * over several discs is tied together with the reserved Bag-Group-Identifier and Bag-Count elements,
 * and every disc carries the set index (set-index.txt) so it can say what the other discs hold.
 *
 * Manifests use two spaces between checksum and path, the form `sha256sum -c` reads, which RFC 8493
 * allows ("one or more linear whitespace characters").
 */
import { createHash } from 'node:crypto';
import type { ArchiveSetInfo } from '../../core/archive/ports.js';

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function manifestText(entries: readonly { path: string; sha256: string }[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => `${entry.sha256}  ${encodeManifestPath(entry.path)}\n`)
    .join('');
}

/** One bag-info element; a value with line breaks is folded onto continuation lines (leading space). */
function element(label: string, value: string | number): string {
  const text = String(value).replace(/\r\n?/g, '\n').split('\n').join('\n  ');
  return `${label}: ${text}\n`;
}

export interface BagInfoInput {
  set: ArchiveSetInfo;
  copy: number;
  discId: string;
  volumeId: string;
  discIndex: number;
  discCount: number;
  caseNumbers: string[];
  parties: string[];
  handlers: string[];
  payloadBytes: number;
  payloadFiles: number;
}

export function bagInfoText(input: BagInfoInput): string {
  const { set } = input;
  const copyLetter = String.fromCharCode(64 + input.copy);
  const date = new Date(Date.parse(set.createdAt) + set.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const lines = [
    element('Source-Organization', set.agencyName || 'Evidence Station'),
    element('Contact-Name', set.createdBy),
    element('External-Identifier', input.discId),
    element('External-Description', `执法记录视听资料长期保存副本：案号 ${input.caseNumbers.join('、')}`),
    element('Bagging-Date', date),
    element('Bag-Size', `${(input.payloadBytes / 1024 ** 3).toFixed(2)} GB`),
    element('Payload-Oxum', `${input.payloadBytes}.${input.payloadFiles}`),
    element('Bag-Group-Identifier', `${set.setId}-${copyLetter}`),
    element('Bag-Count', `${input.discIndex} of ${input.discCount}`),
    element('Internal-Sender-Identifier', set.setId),
    element('Internal-Sender-Description', `Evidence Station long-term copy ${copyLetter} of ${set.copies}, disc ${input.discIndex} of ${input.discCount}`),
    ...input.caseNumbers.map((value) => element('Case-Number', value)),
    ...input.parties.map((value) => element('Party', value)),
    ...input.handlers.map((value) => element('Handler', value)),
    element('Station', `${set.station} (Evidence Station ${set.stationVersion})`),
    element('Archive-Set', set.setId),
    element('Archive-Copy', `${copyLetter} (${input.copy} of ${set.copies})`),
    element('Disc-Id', input.discId),
    element('Volume-Id', input.volumeId),
    element('Archived-At', set.createdAt),
    element('Archived-By', set.createdBy),
    element('Audit-Record-Seq', set.auditRecord.seq),
    element('Audit-Record-Hash', set.auditRecord.hash),
  ];
  if (set.checkpoint !== undefined) {
    lines.push(element('Audit-Checkpoint-Seq', set.checkpoint.seq), element('Audit-Checkpoint-Hash', set.checkpoint.hash));
    if (set.checkpoint.at !== undefined) lines.push(element('Audit-Checkpoint-At', set.checkpoint.at));
    if (set.checkpoint.keyId !== undefined) lines.push(element('Audit-Checkpoint-Key-Id', set.checkpoint.keyId));
    if (set.checkpoint.signature !== undefined) lines.push(element('Audit-Checkpoint-Signature', set.checkpoint.signature));
  }
  return lines.join('');
}

export interface SetIndexRow {
  discId: string;
  discIndex: number;
  sha256: string;
  size: number;
  caseNumber: string;
  party: string;
  path: string;
}

/** What every disc of the copy holds: one tab-separated row per file, with a readable header. */
export function setIndexText(input: { set: ArchiveSetInfo; copy: number; discId: string; discIndex: number; discCount: number; rows: readonly SetIndexRow[] }): string {
  const copyLetter = String.fromCharCode(64 + input.copy);
  const tab = (value: string | number) => String(value).replace(/[\t\r\n]/g, ' ');
  const header = [
    `# 执法记录视听资料长期保存副本 归档批次 ${input.set.setId}，副本 ${copyLetter}，共 ${input.discCount} 张光盘`,
    `# 本光盘：第 ${input.discIndex} 张，编号 ${input.discId}`,
    `# 每行一个文件，列以制表符分隔：光盘编号 光盘序号 SHA-256 字节数 案号 当事人 路径`,
    ['disc', 'disc_index', 'sha256', 'bytes', 'case_number', 'party', 'path'].join('\t'),
  ];
  const rows = [...input.rows]
    .sort((a, b) => a.discIndex - b.discIndex || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((row) => [row.discId, row.discIndex, row.sha256, row.size, row.caseNumber, row.party, row.path].map(tab).join('\t'));
  return `${[...header, ...rows].join('\n')}\n`;
}

export function readmeText(input: { set: ArchiveSetInfo; copy: number; discId: string; discIndex: number; discCount: number; caseNumbers: string[] }): string {
  const copyLetter = String.fromCharCode(64 + input.copy);
  return [
    '执法记录视听资料 长期保存光盘',
    '',
    `光盘编号：${input.discId}（归档批次 ${input.set.setId}，副本 ${copyLetter}，第 ${input.discIndex} 张 / 共 ${input.discCount} 张）`,
    `案号：${input.caseNumbers.join('、')}`,
    `制作单位：${input.set.agencyName || '—'}\u3000制作人：${input.set.createdBy}\u3000工作站：${input.set.station}`,
    '',
    '浏览：用浏览器打开本光盘根目录的 index.html（无需联网，不含任何脚本）。',
    '目录：data/案号/当事人/执法记录仪编号/开始时间_原始文件名；每个视听资料旁的“.取证说明.pdf”为取证说明（取证人员、取证时间、取证地点、设备、校验值）。',
    '格式：BagIt 1.0（RFC 8493）。bag-info.txt 记载案件、制作人、工作站和审计记录哈希；manifest-sha256.txt 为每个文件的 SHA-256 校验值。',
    '核对：Linux 下在光盘根目录执行 sha256sum -c manifest-sha256.txt；Windows 下执行 certutil -hashfile 文件名 SHA256，与 manifest-sha256.txt 对照。',
    '其他光盘：set-index.txt 列出本套每张光盘上的全部文件。',
    '',
  ].join('\r\n');
}
