/**
 * The incremental plan: which content-addressed objects a run must send. The target's own listing is
 * the truth; the local record only spares re-checking what was already verified there. An object the
 * target lists with the right size but the record does not know (record lost, run killed after the
 * upload) is checked, not trusted and not re-sent blindly.
 */
import type { TargetEntry } from './ports.js';

export interface PlanItem {
  sha256: string;
  size: number;
  /** Keyed name on the target. */
  name: string;
  /** Full path on the target. */
  path: string;
  /** Size the sealed object has on the target. */
  sealedSize: number;
}

export interface UploadPlan {
  /** Listed with the right size and verified before: nothing to do. */
  present: PlanItem[];
  /** Listed with the right size but not known as verified: check before trusting. */
  check: PlanItem[];
  /** Missing or the wrong size: send. */
  upload: PlanItem[];
}

/** Recorded for an object a verification found damaged on the target: it is sent again whatever the listing says. */
export const KNOWN_DAMAGED = -1;

export function planUpload(items: PlanItem[], listing: TargetEntry[], verified: Record<string, number>): UploadPlan {
  const sizes = new Map(listing.map((entry) => [entry.name, entry.size]));
  const plan: UploadPlan = { present: [], check: [], upload: [] };
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.path)) continue;
    seen.add(item.path);
    const listed = sizes.get(item.path);
    if (listed !== item.sealedSize || verified[item.path] === KNOWN_DAMAGED) plan.upload.push(item);
    else if (verified[item.path] === item.sealedSize) plan.present.push(item);
    else plan.check.push(item);
  }
  return plan;
}
