/**
 * The contract's `resumePointOf` (contracts/src/progress.ts), restated because importing
 * `@lanxang/contracts` at run time would pull zod into the TV bundle; `test/resume.test.ts` holds
 * the two to the same answers. It judges saves the API has not answered yet (queued offline).
 */
const RESUME_MIN_FRACTION = 0.05;
const RESUME_END_MARGIN_SECONDS = 120;
const COMPLETED_FRACTION = 0.9;

export function resumePointOf(positionSeconds: number, durationSeconds: number): number | null {
  if (!(durationSeconds > 0) || !(positionSeconds >= 0)) return null;
  if (positionSeconds < durationSeconds * RESUME_MIN_FRACTION) return null;
  if (positionSeconds > durationSeconds - RESUME_END_MARGIN_SECONDS) return null;
  return positionSeconds;
}

/** Past 90 % a film counts as watched and leaves Continue watching (the API's rule too). */
export function isCompleted(positionSeconds: number, durationSeconds: number): boolean {
  return durationSeconds > 0 && positionSeconds >= durationSeconds * COMPLETED_FRACTION;
}
