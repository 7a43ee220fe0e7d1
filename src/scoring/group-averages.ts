/**
 * Unweighted mean of the members' scores (MIPEX's EU28, EU15 … averages): every member counts
 * once, whatever its size. Members without a score, or not in the data, are left out; no member
 * with a score → `null`. Full precision; round for display only.
 */
export function groupAverage(
  members: readonly string[],
  scoreOf: (member: string) => number | null | undefined,
): { average: number | null; counted: number } {
  let total = 0;
  let counted = 0;
  for (const member of members) {
    const score = scoreOf(member);
    if (score === null || score === undefined) continue;
    total += score;
    counted++;
  }
  return { average: counted === 0 ? null : total / counted, counted };
}
