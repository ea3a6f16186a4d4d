/**
 * `evidence-station confidentiality (--clip ID... | --case X) --level L --reason TEXT` (issue F, R5.3):
 * supervisors and the legal office set the level of clips or of a whole case; audited with before/after.
 */
import { Option, type Command } from 'commander';
import { CONFIDENTIALITY_LEVELS, type ConfidentialityLevel } from '../core/domain/confidentiality.js';
import { EXIT } from './exit-codes.js';
import type { UserCommandDeps } from './user-commands.js';

export function registerConfidentialityCommand(program: Command, deps: Pick<UserCommandDeps, 'withStation' | 'run' | 'print' | 'lang' | 'refused'>): void {
  program
    .command('confidentiality')
    .description('set the confidentiality of clips (--clip) or of a case (--case): supervisors and the legal office, audited')
    .option('--clip <id...>', 'clip ids (full SHA-256)')
    .option('--case <caseNumber>', 'every clip labelled with this case number')
    .addOption(new Option('--level <level>', 'confidentiality level').choices([...CONFIDENTIALITY_LEVELS]).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why (kept in the audit trail)')
    .action(async (options: { clip?: string[]; case?: string; level: ConfidentialityLevel; reason: string }) => {
      if ((options.clip === undefined) === (options.case === undefined))
        throw deps.refused(EXIT.invalidInput, deps.lang() === 'zh' ? '请用 --clip 或 --case 指定其一。' : 'Name either --clip or --case.');
      await deps.withStation(async (opened, call) => {
        if (options.clip) {
          const result = await deps.run(opened, call, 'clips.setConfidentiality', { ids: options.clip, level: options.level, reason: options.reason });
          deps.print(deps.lang() === 'zh' ? `已更新 ${result.updated} 个文件的密级。` : `Confidentiality of ${result.updated} clips updated.`, result);
        } else {
          const result = await deps.run(opened, call, 'cases.setConfidentiality', { caseNumber: options.case ?? '', level: options.level, reason: options.reason });
          deps.print(deps.lang() === 'zh' ? `案件 ${result.caseNumber} 的密级已设为 ${result.level}。` : `Case ${result.caseNumber} is now ${result.level}.`, result);
        }
      });
    });
}
