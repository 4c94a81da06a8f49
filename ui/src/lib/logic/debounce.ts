/**
 * Runs `fn` once `ms` have passed without another call; `flush` runs a pending call now and
 * `cancel` drops it.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = () => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) fn(...args);
  };
  const debounced = (...args: A) => {
    pending = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return debounced;
}

/**
 * Answers arrive out of order when she types fast: only the answer to the latest request counts.
 * `begin()` returns a ticket; `isLatest(ticket)` says whether that answer may still be shown.
 */
export function latestOnly() {
  let counter = 0;
  return {
    begin: () => ++counter,
    isLatest: (ticket: number) => ticket === counter,
  };
}
