/** Splits a recovery key ("ABCD-EFGH-…") into its groups for display. */
export function recoveryKeyGroups(key: string): string[] {
  return key
    .split(/[\s-]+/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
}
