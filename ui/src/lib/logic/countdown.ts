/** Whole seconds left until `deadline` (rounded up, never negative). */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** "Try again in 5 seconds", "…in 1 minute 5 seconds". */
export function waitMessage(seconds: number): string {
  if (seconds <= 0) return "";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (m > 0) parts.push(`${m} ${m === 1 ? "minute" : "minutes"}`);
  if (s > 0) parts.push(`${s} ${s === 1 ? "second" : "seconds"}`);
  return `Please wait ${parts.join(" ")} before trying again.`;
}
