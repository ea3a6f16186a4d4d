/**
 * The printable disc label and case insert: one A4 page with a 118 mm disc face (to cut out or to copy
 * onto a printable disc) and a 120 x 120 mm jewel-case insert listing what the disc holds, so a disc
 * on the shelf says what it is without a computer.
 */
import type { DiscRecord } from '../../core/archive/model.js';
import type { CjkFont } from './font-locator.js';
import { renderPdf } from './pdf-document.js';

const MM = 72 / 25.4;

export async function renderDiscLabel(font: CjkFont, disc: DiscRecord): Promise<Buffer> {
  return renderPdf(font, { title: `光盘标签 ${disc.id}`, createdAt: new Date(disc.createdAt), margin: 10 * MM }, (doc) => {
    const [title = '', ...lines] = disc.labelText;
    // Disc face: outer 118 mm, hub hole 41 mm (printable area of most discs).
    const cx = doc.page.width / 2;
    const cy = 15 * MM + 59 * MM;
    doc.circle(cx, cy, 59 * MM).lineWidth(0.6).stroke('#333333');
    doc.circle(cx, cy, 20.5 * MM).lineWidth(0.4).dash(2, { space: 2 }).stroke('#999999').undash();
    doc.fillColor('#000000').fontSize(12).text(title, cx - 45 * MM, cy - 50 * MM, { width: 90 * MM, align: 'center' });
    doc.fontSize(10).text(disc.id, cx - 40 * MM, cy - 40 * MM, { width: 80 * MM, align: 'center' });
    doc.fontSize(8).text(lines.slice(1, 2).join(''), cx - 40 * MM, cy - 33 * MM, { width: 80 * MM, align: 'center' });
    doc.fontSize(8).text(lines.slice(2, 4).join('\n'), cx - 45 * MM, cy + 24 * MM, { width: 90 * MM, align: 'center' });
    doc.fontSize(7).text(lines.slice(5, 7).join('\n'), cx - 40 * MM, cy + 40 * MM, { width: 80 * MM, align: 'center' });

    // Case insert: 120 x 120 mm.
    const top = cy + 59 * MM + 10 * MM;
    const left = (doc.page.width - 120 * MM) / 2;
    doc.rect(left, top, 120 * MM, 120 * MM).lineWidth(0.6).stroke('#333333');
    doc.fontSize(11).text(title, left + 5 * MM, top + 5 * MM, { width: 110 * MM, align: 'center' });
    doc.moveDown(0.3);
    doc.fontSize(8).text(lines.join('\n'), { width: 110 * MM, lineGap: 1.5 });
    doc.moveDown(0.5);
    if (disc.shelf) doc.text(`存放位置：${disc.shelf}`, { width: 110 * MM });
    doc.text(`卷标：${disc.volumeId}\u3000审计记录：第 ${disc.auditRecord.seq} 条 ${disc.auditRecord.hash.slice(0, 16)}…`, { width: 110 * MM });
    doc.moveDown(0.5);
    doc.fontSize(7).text('核对方法：在任一电脑上打开光盘根目录的 index.html 浏览；用 sha256sum -c manifest-sha256.txt（Linux）或 certutil -hashfile（Windows）逐一核对校验值。', { width: 110 * MM, lineGap: 1 });
  });
}
