/** The camera side of "delete from the camera after verify" (issue C item 3). Adapter: electron/adapters/camera/fs-camera-cleaner.ts. */

/** A file on the camera the station has verified in the vault under `sha256`. */
export interface VerifiedCameraFile {
  /** '/'-separated path relative to the camera root, as the volume reader listed it (data, not a path). */
  relativePath: string;
  sha256: string;
  size: number;
}

export interface CameraDeletionFailure {
  file: VerifiedCameraFile;
  code: string;
  message: string;
}

export interface CameraDeletionOutcome {
  /** 'checked': every file was re-checked on the camera, then deletion ran (possibly stopping early). 'refused': a check failed, nothing was deleted. */
  phase: 'checked' | 'refused';
  deleted: VerifiedCameraFile[];
  failures: CameraDeletionFailure[];
}

export interface CameraCleaner {
  /**
   * First checks every file on the camera (a regular file inside the root, of the listed size, whose
   * bytes read from the medium hash to `sha256`); if any check fails, deletes nothing. Then deletes them
   * one by one, awaiting `onDeleted` after each (the audit record), and stops at the first failure.
   */
  deleteVerified(root: string, files: readonly VerifiedCameraFile[], onDeleted: (file: VerifiedCameraFile) => Promise<void>): Promise<CameraDeletionOutcome>;
}
