// Merging the generated statements into a bucket's current policy (issue 5), so regenerating changes
// only this generator's statements (issue 12: including removing those no longer chosen). Pure.
import * as l10n from '@vscode/l10n';
import { type BucketPolicy, isGeneratorSid, isRecord, parsePolicy, statementsOf } from './document';

export type PolicyMerge = { ok: true; policy: BucketPolicy } | { ok: false; message: string };

/**
 * The generated statements in the bucket's current policy: a statement with the same Sid is replaced in
 * place, this generator's statements that were not generated this time are removed (an IP limit taken
 * away must not keep refusing requests), every other statement and field is kept. No policy
 * (undefined, null, '') yields the generated one.
 */
export function mergePolicy(existing: unknown, generated: BucketPolicy): PolicyMerge {
  const parsed = parsePolicy(existing);
  if (!parsed.ok) {
    return parsed;
  }
  if (parsed.value === undefined || parsed.value === null) {
    return { ok: true, policy: structuredClone(generated) };
  }
  if (!isRecord(parsed.value)) {
    return { ok: false, message: l10n.t("The bucket's current policy is not a JSON object. Fix or remove it before merging.") };
  }
  const current = structuredClone(parsed.value);
  const raw = current.Statement;
  if (raw !== undefined && !Array.isArray(raw) && !isRecord(raw)) {
    return { ok: false, message: l10n.t("The bucket's current policy has an invalid \"Statement\": it must be a list of statements.") };
  }
  const generatedSids = new Set(generated.Statement.map((s) => s.Sid));
  const sidOf = (s: unknown): unknown => (isRecord(s) ? s.Sid : undefined);
  const merged = statementsOf(current).filter((s) => !isGeneratorSid(sidOf(s)) || generatedSids.has(sidOf(s) as string));
  for (const addition of generated.Statement) {
    const index = merged.findIndex((s) => addition.Sid !== undefined && sidOf(s) === addition.Sid);
    if (index >= 0) {
      merged[index] = structuredClone(addition);
    } else {
      merged.push(structuredClone(addition));
    }
  }
  const policy = { ...current, Version: typeof current.Version === 'string' ? current.Version : generated.Version, Statement: merged };
  return { ok: true, policy: policy as BucketPolicy };
}

/**
 * Sids of this generator's statements that `before` has and `after` no longer has: what applying
 * `after` takes away, to say so in the confirmation. Unreadable policies have none.
 */
export function removedGeneratorSids(before: unknown, after: unknown): string[] {
  const sids = (policy: unknown): string[] => {
    const parsed = parsePolicy(policy);
    return parsed.ok
      ? statementsOf(parsed.value).flatMap((s) => (isRecord(s) && isGeneratorSid(s.Sid) ? [s.Sid as string] : []))
      : [];
  };
  const kept = new Set(sids(after));
  return [...new Set(sids(before))].filter((sid) => !kept.has(sid));
}
