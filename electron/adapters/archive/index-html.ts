/**
 * index.html at the root of every disc: browse the footage offline on any computer, in Chinese. No
 * script at all (and a Content-Security-Policy that forbids one), no external resource, every link
 * relative and percent-encoded per path segment, so it works from a disc, a USB disk or a share.
 */
import type { ArchiveSetInfo, DiscAssignment } from '../../core/archive/ports.js';
import { clipStartTime } from '../../core/archive/layout.js';
import { byteText, durationText, KIND_NAMES, LONG_TERM_NAMES, localTime } from './archive-words.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A relative link to a file inside the bag. */
export function relativeHref(bagPath: string): string {
  return bagPath.split('/').map(encodeURIComponent).join('/');
}

export interface IndexHtmlInput {
  set: ArchiveSetInfo;
  copy: number;
  discId: string;
  volumeId: string;
  discIndex: number;
  discCount: number;
  assignments: readonly DiscAssignment[];
}

const STYLE = `
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;margin:24px;color:#111;line-height:1.5}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;font-size:13px;margin-bottom:12px}th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eee}.hash{font-family:Consolas,monospace;font-size:11px;word-break:break-all}.muted{color:#555}.meta td:first-child{width:9em;background:#f6f6f6}
`;

export function indexHtml(input: IndexHtmlInput): string {
  const { set } = input;
  const offset = set.utcOffsetMinutes;
  const copyLetter = String.fromCharCode(64 + input.copy);
  const here = input.assignments.filter((a) => a.discIndex === input.discIndex);
  const elsewhere = input.assignments.filter((a) => a.discIndex !== input.discIndex);
  const byCase = new Map<string, DiscAssignment[]>();
  for (const a of here) byCase.set(a.item.label.caseNumber, [...(byCase.get(a.item.label.caseNumber) ?? []), a]);

  const caseSections = [...byCase.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([caseNumber, rows]) => {
      const first = rows[0]?.item.label;
      const body = [...rows]
        .sort((a, b) => clipStartTime(a.item.clip).localeCompare(clipStartTime(b.item.clip)))
        .map(({ item }) => {
          const camera = item.clip.camera;
          return `<tr><td>${escapeHtml(localTime(clipStartTime(item.clip), offset))}</td><td><a href="${relativeHref(item.payloadPath)}">${escapeHtml(item.clip.originalName)}</a><br><span class="muted">${escapeHtml(KIND_NAMES[item.clip.kind] ?? item.clip.kind)}，${escapeHtml(durationText(item.clip.media.durationMs))}</span></td><td><a href="${relativeHref(item.sheetPath)}">取证说明</a></td><td>${escapeHtml(item.label.party)}</td><td>${escapeHtml(camera.officerName ?? item.label.handler)}</td><td>${escapeHtml(item.label.location)}</td><td>${escapeHtml(camera.deviceNumber)}</td><td>${escapeHtml(item.label.longTerm ? LONG_TERM_NAMES[item.label.longTerm] : LONG_TERM_NAMES.manual)}</td><td>${escapeHtml(byteText(item.clip.size))}<br><span class="hash">${item.clip.id}</span></td></tr>`;
        })
        .join('\n');
      return `<h2>案号：${escapeHtml(caseNumber)}</h2>
<p>当事人：${escapeHtml([...new Set(rows.map((r) => r.item.label.party))].join('、'))}\u3000承办人：${escapeHtml([...new Set(rows.map((r) => r.item.label.handler))].join('、'))}${first?.causeOfAction ? `\u3000案由：${escapeHtml(first.causeOfAction)}` : ''}</p>
<table><thead><tr><th>开始时间</th><th>视听资料</th><th>说明</th><th>当事人</th><th>取证人员</th><th>取证地点</th><th>记录仪编号</th><th>长期保存原因</th><th>大小 / SHA-256</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
    })
    .join('\n');

  const others =
    input.discCount > 1
      ? `<h2>本套其他光盘</h2>
<p>本套副本 ${copyLetter} 共 ${input.discCount} 张光盘，本光盘为第 ${input.discIndex} 张。以下文件在其他光盘上（完整清单见 <a href="set-index.txt">set-index.txt</a>）：</p>
<table><thead><tr><th>光盘</th><th>案号</th><th>当事人</th><th>开始时间</th><th>原始文件名</th><th>SHA-256</th></tr></thead><tbody>
${[...elsewhere]
  .sort((a, b) => a.discIndex - b.discIndex || a.item.payloadPath.localeCompare(b.item.payloadPath))
  .map(({ discId, discIndex, item }) => `<tr><td>第 ${discIndex} 张<br><span class="muted">${escapeHtml(discId)}</span></td><td>${escapeHtml(item.label.caseNumber)}</td><td>${escapeHtml(item.label.party)}</td><td>${escapeHtml(localTime(clipStartTime(item.clip), offset))}</td><td>${escapeHtml(item.clip.originalName)}</td><td class="hash">${item.clip.id}</td></tr>`)
  .join('\n')}
</tbody></table>`
      : '';

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>执法记录视听资料 ${escapeHtml(input.discId)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>执法记录视听资料 长期保存光盘</h1>
<table class="meta"><tbody>
<tr><td>光盘编号</td><td>${escapeHtml(input.discId)}（卷标 ${escapeHtml(input.volumeId)}）</td></tr>
<tr><td>归档批次</td><td>${escapeHtml(set.setId)}，副本 ${copyLetter}（共 ${set.copies} 份），第 ${input.discIndex} 张 / 共 ${input.discCount} 张</td></tr>
<tr><td>制作</td><td>${escapeHtml(set.agencyName || '—')}，${escapeHtml(set.createdBy)}，${escapeHtml(localTime(set.createdAt, offset))}</td></tr>
<tr><td>采集工作站</td><td>${escapeHtml(set.station)}（执法记录采集工作站 ${escapeHtml(set.stationVersion)}）</td></tr>
<tr><td>审计记录</td><td>第 ${set.auditRecord.seq} 条，<span class="hash">${escapeHtml(set.auditRecord.hash)}</span></td></tr>
<tr><td>本盘文件</td><td>${here.length} 个视听资料，${escapeHtml(byteText(here.reduce((n, a) => n + a.item.clip.size, 0)))}</td></tr>
</tbody></table>
${caseSections}
${others}
<h2>核对方法</h2>
<p>本光盘为 BagIt 1.0（RFC 8493）格式：<a href="bag-info.txt">bag-info.txt</a> 记载案件与制作信息，<a href="manifest-sha256.txt">manifest-sha256.txt</a> 列出每个文件的 SHA-256 校验值。
Linux：在光盘根目录执行 <code>sha256sum -c manifest-sha256.txt</code>；Windows：<code>certutil -hashfile 文件名 SHA256</code>，与清单对照。说明见 <a href="README.txt">README.txt</a>。</p>
</body>
</html>
`;
}
