/**
 * `evidence-station audit ...` beyond `verify`: signed checkpoints and the station key.
 *
 *   audit checkpoint                 sign the audit log's head now (recorded under the operator)
 *   audit rotate-key --reason TEXT   replace the signing key on purpose (audited; old checkpoints keep verifying)
 *   audit keys                       the keyring: every public key the station has signed with
 *
 * Exit codes: 0 done, 5 refused (no usable signing key: restore it, or rotate).
 */
import type { Command } from 'commander';
import type { AuditCheckpoint, AuditVerification } from '../core/domain/audit.js';
import type { CallContext } from '../core/commands/handlers.js';
import type { OpenedStation } from '../adapters/compose.js';
import { StationKeyError } from '../adapters/audit/station-key.js';
import { EXIT } from './exit-codes.js';
import { auditProblemText, WORDS, type Lang } from './messages.js';

export interface AuditCliHelpers {
  withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  print(human: string, machine: unknown): void;
  lang(): Lang;
  /** The error that ends the command with `exitCode` and `message` (index.ts's CommandRefused). */
  refused(exitCode: number, message: string): Error;
}

const CHECKPOINT_WORDS = {
  zh: {
    checkpoints: (n: number, c: AuditCheckpoint, after: number) =>
      `已验证 ${n} 个签名检查点；最新检查点担保第 1–${c.uptoSeq} 条记录（密钥 ${c.keyId}，签署于 ${c.at}），其后 ${after} 条记录尚待下一个检查点签署。`,
    noCheckpoints: '尚无签名检查点：审计链只经过哈希链校验（无法发现末尾被截断）。',
    checkpointFileLine: (line: number, reason: string) => `审计链校验失败：检查点文件第 ${line} 行 —— ${reason}`,
    made: (c: AuditCheckpoint) => `已签署审计检查点：担保第 1–${c.uptoSeq} 条记录，最后一条记录哈希 ${c.uptoHash}，密钥 ${c.keyId}，时间 ${c.at}。`,
    rotated: (keyId: string, previous: string | undefined) =>
      `已更换审计签名密钥：新密钥 ${keyId}${previous ? `；原密钥 ${previous} 已停用，其签署的检查点仍可验证` : ''}。请将新公钥（keys/station-key.pub.pem）随光盘和备份一并保存。`,
    keyLine: (keyId: string, created: string, retired: string | undefined) => `${keyId}  创建于 ${created}${retired ? `  停用于 ${retired}` : '  （当前使用）'}`,
    AUDIT_KEY_MISSING: (keys: string) => `工作站签名密钥丢失（已有由密钥 ${keys} 签署的检查点），系统不会自动生成新密钥。请从备份恢复 keys/station-key.pem，或由管理员执行 audit rotate-key --reason 说明原因后更换密钥（将记入审计日志）。`,
    AUDIT_KEY_NOT_IN_KEYRING: (keys: string) => `keys/station-key.pem 中的密钥不在密钥环中（已知密钥：${keys}），密钥文件可能被替换。请恢复原密钥，或执行 audit rotate-key --reason 更换密钥。`,
    AUDIT_KEY_RETIRED: () => 'keys/station-key.pem 中是已停用的旧密钥（旧密钥文件被放回）。请恢复当前密钥，或执行 audit rotate-key --reason 更换密钥。',
    AUDIT_KEY_UNREADABLE: () => '工作站签名密钥或密钥环（keys/keyring.json）无法读取（文件损坏或被修改）。请从备份恢复 keys/ 目录；仅私钥损坏时也可执行 audit rotate-key --reason 更换密钥。',
  },
  en: {
    checkpoints: (n: number, c: AuditCheckpoint, after: number) =>
      `${n} signed checkpoints verified; the newest vouches for records 1-${c.uptoSeq} (key ${c.keyId}, signed ${c.at}); ${after} records after it await the next checkpoint.`,
    noCheckpoints: 'No signed checkpoints yet: only the hash chain was checked (a cut-off tail would not show).',
    checkpointFileLine: (line: number, reason: string) => `Audit trail verification FAILED at line ${line} of the checkpoint file: ${reason}`,
    made: (c: AuditCheckpoint) => `Audit checkpoint signed: vouches for records 1-${c.uptoSeq}, last record hash ${c.uptoHash}, key ${c.keyId}, at ${c.at}.`,
    rotated: (keyId: string, previous: string | undefined) =>
      `Audit signing key replaced: new key ${keyId}${previous ? `; the old key ${previous} is retired and its checkpoints still verify` : ''}. Keep the new public key (keys/station-key.pub.pem) with discs and backups.`,
    keyLine: (keyId: string, created: string, retired: string | undefined) => `${keyId}  created ${created}${retired ? `  retired ${retired}` : '  (in use)'}`,
    AUDIT_KEY_MISSING: (keys: string) => `The station's signing key is missing (checkpoints signed by key ${keys} exist); no new key is made automatically. Restore keys/station-key.pem from a backup, or rotate on purpose with audit rotate-key --reason (recorded in the audit log).`,
    AUDIT_KEY_NOT_IN_KEYRING: (keys: string) => `The key in keys/station-key.pem is not in the keyring (known keys: ${keys}); the key file may have been replaced. Restore the original, or rotate with audit rotate-key --reason.`,
    AUDIT_KEY_RETIRED: () => 'keys/station-key.pem holds a retired key (an old key file was put back). Restore the current key, or rotate with audit rotate-key --reason.',
    AUDIT_KEY_UNREADABLE: () => 'The station signing key or the keyring (keys/keyring.json) cannot be read (damaged or edited). Restore keys/ from a backup; if only the private key is damaged, audit rotate-key --reason replaces it.',
  },
} as const;

/** `audit verify` in words: the chain's verdict, then how far the signed checkpoints reach. */
export function auditVerifyText(lang: Lang, result: AuditVerification): string {
  const words = WORDS[lang];
  const more = CHECKPOINT_WORDS[lang];
  if (!result.ok) {
    const reason = auditProblemText(lang, result.problem, result.reason);
    return result.firstBadLine === 0 && result.checkpointLine !== undefined ? more.checkpointFileLine(result.checkpointLine, reason) : words.auditBad(result.firstBadLine, reason);
  }
  const lines = [words.auditOk(result.records)];
  if (result.checkpointsVerified !== undefined) {
    lines.push(result.lastCheckpoint === undefined ? more.noCheckpoints : more.checkpoints(result.checkpointsVerified, result.lastCheckpoint, result.recordsAfterLastCheckpoint ?? 0));
  }
  return lines.join('\n');
}

export function registerAuditCheckpointCommands(audit: Command, helpers: AuditCliHelpers): void {
  const { withStation, print, lang, refused } = helpers;

  /** A missing or unknown key is a refusal with words, not a crash. */
  const keyRefusal = (error: unknown): unknown => {
    if (!(error instanceof StationKeyError)) return error;
    const text = CHECKPOINT_WORDS[lang()][error.code](String(error.params.keyIds ?? ''));
    return refused(EXIT.refused, text);
  };

  audit
    .command('checkpoint')
    .description('sign the audit log now with the station key (also done every 500 records, hourly and at stop)')
    .action(async () =>
      withStation(async (opened, call) => {
        const checkpoint = await opened.auditCheckpoints.create(call.operator ?? 'cli').catch((error: unknown) => Promise.reject(keyRefusal(error)));
        print(CHECKPOINT_WORDS[lang()].made(checkpoint), { checkpoint, publicKeyPem: await opened.auditCheckpoints.publicKeyPem() });
      }),
    );

  audit
    .command('rotate-key')
    .description('replace the station signing key on purpose (audited); checkpoints of the old key keep verifying')
    .requiredOption('--reason <text>', 'why the key is replaced (recorded in the audit log)')
    .action(async (options: { reason: string }) =>
      withStation(async (opened, call) => {
        if (options.reason.trim() === '') throw refused(EXIT.invalidInput, lang() === 'zh' ? '请用 --reason 说明更换密钥的原因。' : 'Give the reason with --reason.');
        const result = await opened.auditCheckpoints.rotateKey(call.operator ?? 'cli', options.reason.trim());
        print(CHECKPOINT_WORDS[lang()].rotated(result.keyId, result.previousKeyId), result);
      }),
    );

  audit
    .command('keys')
    .description("the keyring: every public key the station has signed audit checkpoints with")
    .action(async () =>
      withStation(async (opened) => {
        const keyring = await opened.auditCheckpoints.keyring();
        print(keyring.map((entry) => CHECKPOINT_WORDS[lang()].keyLine(entry.keyId, entry.createdAt, entry.retiredAt)).join('\n'), { keys: keyring, status: opened.auditCheckpoints.status() });
      }),
    );
}
