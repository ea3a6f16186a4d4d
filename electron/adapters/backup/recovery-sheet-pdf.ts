/**
 * The printable recovery sheet: the backup key in large groups of four with its check value, what it
 * opens, and what to do with the sheet (zh-CN, with English beneath). The administrator prints it,
 * signs it and keeps it in the safe; without it, a backup cannot be restored after a fire.
 */
import { keyGroups, keyIdText, type BackupKey } from '../../core/backup/backup-key.js';
import { formatKeyFile } from '../../core/backup/backup-key.js';
import { locateCjkFont } from '../archive/font-locator.js';
import { renderPdf } from '../archive/pdf-document.js';

export interface RecoverySheetInfo {
  agencyName: string;
  stationVersion: string;
  target: string;
  createdAt: Date;
}

export async function recoverySheetPdf(key: BackupKey, info: RecoverySheetInfo): Promise<Buffer> {
  const font = await locateCjkFont();
  const groups = keyGroups(key);
  const check = formatKeyFile(key).split('\n').find((line) => line.startsWith('check:'))?.slice(6).trim() ?? '';
  return renderPdf(font, { title: '异地备份恢复密钥 Backup recovery key', subject: keyIdText(key), createdAt: info.createdAt }, (doc) => {
    doc.fontSize(20).text('执法记录采集工作站 异地备份恢复密钥', { align: 'center' });
    doc.fontSize(11).text('Evidence Station - off-site backup recovery key', { align: 'center' });
    doc.moveDown();
    doc.fontSize(11);
    doc.text(`单位 Agency：${info.agencyName || '（未设置）'}`);
    doc.text(`密钥编号 Key id：${keyIdText(key)}`);
    doc.text(`备份目标 Target：${info.target || '（未设置）'}`);
    doc.text(`打印时间 Printed：${info.createdAt.toISOString()}    软件版本 Version：${info.stationVersion}`);
    doc.moveDown();
    doc.fontSize(22);
    for (let row = 0; row < groups.length; row += 4) doc.text(groups.slice(row, row + 4).join('  '), { align: 'center', characterSpacing: 2 });
    doc.fontSize(14).text(`校验值 Check：${check}`, { align: 'center' });
    doc.moveDown();
    doc.fontSize(11);
    doc.text('1. 本密钥是打开异地备份的唯一钥匙：备份内容全部加密，没有本密钥任何人（包括本单位）都无法恢复。');
    doc.text('2. 请签字后存放于保险柜，与工作站分开保管；不要拍照、不要存入电脑或网盘。');
    doc.text('3. 恢复时：将上面的字符原样录入一个文本文件（第一行 EVIDENCE-STATION BACKUP KEY v1，随后 key: 与 check: 两行），执行 evidence-station restore --from <备份位置> --key <文件> --data <空的数据目录>。录入错误会被校验值发现。');
    doc.moveDown(0.5);
    doc.text('This key is the only way to open the off-site backups: everything on the target is encrypted with it. Sign the sheet and keep it in the safe, apart from the station. To restore, type the groups into a key file (header line, key:, check:) and run evidence-station restore --from <target> --key <file> --data <empty folder>; a typo is caught by the check value.');
    doc.moveDown(2);
    doc.text('保管人签字 Custodian：____________________      日期 Date：______________');
  });
}
