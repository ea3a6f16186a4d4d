/**
 * One-line English summary of an audit verification, for logs and the command line.
 * The UI words results itself (zh-CN first); this is for operators and log files.
 */
import type { AuditVerification } from '../domain/audit.js';

export function describeVerification(verification: AuditVerification): string {
  if (verification.ok) {
    // The full last hash is printed on purpose: copied off the station (disc, backup, paper), it lets
    // a later check prove nobody rewrote the chain from some point to the end.
    return `audit log OK: ${countRecords(verification.records)} verified, last hash ${verification.lastHash}${describeCheckpoints(verification)}`;
  }
  // Every reason already starts with the line it is about ("line 17 (seq 17): ..."), so it is not repeated.
  return `audit log FAILED verification: ${verification.reason}; ${countRecords(verification.records)} before it verified`;
}

function countRecords(count: number): string {
  return `${count} record${count === 1 ? '' : 's'}`;
}

/** Empty when only the chain was checked; else how far the signed checkpoints reach. */
function describeCheckpoints(verification: Extract<AuditVerification, { ok: true }>): string {
  const count = verification.checkpointsVerified;
  if (count === undefined) return '';
  const last = verification.lastCheckpoint;
  if (count === 0 || last === undefined) return '; no signed checkpoints';
  const after = verification.recordsAfterLastCheckpoint ?? 0;
  return `; ${count} signed checkpoint${count === 1 ? '' : 's'} verified, the newest vouches for record ${last.uptoSeq} (key ${last.keyId}, ${last.at}); ${countRecords(after)} after it not yet signed`;
}
