/** What supervision needs from the outside world: a durable store and the copy-package writer. */
import type { PartyCopyFile, SupervisionData } from './model.js';

export interface SupervisionStore {
  open(): Promise<void>;
  /** A copy of the current state. */
  snapshot(): SupervisionData;
  /**
   * Applies `change` to a copy of the state and makes the result durable before anyone sees it.
   * Changes run one after another; a change that throws changes nothing.
   */
  apply<T>(change: (data: SupervisionData) => T): Promise<T>;
  close(): Promise<void>;
}

export interface PackageItem {
  clipId: string;
  /** The vault original (read only, never written). */
  sourcePath: string;
  /** Name inside the package, already unique and safe. */
  fileName: string;
  kind: string;
  size: number;
  originalName: string;
  caseNumber?: string;
  recordedAt: string;
  /** Text burnt into a re-encoded copy; undefined = the original byte for byte. */
  watermarkText?: string;
}

/** What the cover sheet says besides the files (which the writer adds with their hashes). */
export interface CoverSheetFacts {
  requestId: string;
  agencyName: string;
  recipientName: string;
  idDocumentType: string;
  idDocumentNumber: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  approvedBy: string;
  approvedAt: string;
  producedBy: string;
  producedAt: string;
  watermark: boolean;
}

export interface PackageRequest {
  destination: string;
  folderName: string;
  items: PackageItem[];
  cover: CoverSheetFacts;
}

export interface WrittenPackage {
  folder: string;
  files: PartyCopyFile[];
  /** SHA-256 of the manifest file itself (recorded in the audit trail and the station's record). */
  manifestSha256: string;
}

/**
 * Writes a copy package: every file fsync'd and read back against the manifest before the folder gets
 * its final name. Refuses with EXPORT_DESTINATION_MISSING, DISK_FULL, EXPORT_WRITE_FAILED,
 * EXPORT_VERIFY_FAILED or WATERMARK_FAILED (StationError), leaving no package behind.
 */
export interface PartyCopyWriter {
  write(request: PackageRequest): Promise<WrittenPackage>;
}
