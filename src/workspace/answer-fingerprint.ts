/**
 * A short fingerprint of one answer as a page showed it. A confirmation posts the fingerprint of
 * the answer the expert read; if the stored answer differs (someone changed it meanwhile), the
 * confirmation is refused rather than applied to an answer nobody looked at.
 */
import type { AnswerEntry } from '../answers/types.js';
import { canonicalJson, sha256 } from '../source/canonical-json.js';

export function answerFingerprint(entry: AnswerEntry | undefined): string {
  if (!entry) return 'none';
  const { answer, sources, comment, inForceSince, confidence } = entry;
  return sha256(canonicalJson({ answer, sources, comment, inForceSince, confidence })).slice(
    'sha256:'.length,
    'sha256:'.length + 16,
  );
}
