/** What the editor's quiet indicator shows. */
export type SaveState = "idle" | "unsaved" | "saving" | "saved" | "error";

export interface Autosaver<T> {
  /** She changed something: it will be saved at most `intervalMs` later, even while she keeps typing. */
  changed(value: T): void;
  /** Saves what is pending now (on blur, navigation, signing, locking); resolves once it is saved or failed. */
  flush(): Promise<void>;
  /** Drops whatever is pending (the note was signed or removed). */
  cancel(): void;
  readonly dirty: boolean;
}

/**
 * Autosave for the note editor. Unlike a debounce, the first unsaved change starts the clock, so
 * continuous typing is still saved about every `intervalMs`; one save runs at a time and the
 * newest text always goes in the next one. `save` rejects on failure; the text stays pending.
 */
export function autosaver<T>(
  save: (value: T) => Promise<void>,
  onState: (state: SaveState, error?: unknown) => void,
  intervalMs = 2000,
): Autosaver<T> {
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;

  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  async function runOnce(): Promise<void> {
    if (!pending) return;
    const { value } = pending;
    pending = null;
    onState("saving");
    try {
      await save(value);
      onState(pending ? "unsaved" : "saved");
    } catch (error) {
      // Keep it for the next attempt unless newer text has arrived meanwhile.
      if (!pending) pending = { value };
      onState("error", error);
      throw error;
    }
  }

  function start(): Promise<void> {
    clearTimer();
    if (running) return running;
    running = runOnce().finally(() => {
      running = null;
    });
    return running;
  }

  function tick() {
    timer = undefined;
    start()
      .then(() => {
        if (pending && timer === undefined) timer = setTimeout(tick, intervalMs);
      })
      .catch(() => {});
  }

  return {
    changed(value: T) {
      pending = { value };
      onState("unsaved");
      if (timer === undefined && !running) timer = setTimeout(tick, intervalMs);
      else if (timer === undefined && running) {
        // Saved once the running save is done.
        running.finally(() => {
          if (pending && timer === undefined && !running) timer = setTimeout(tick, intervalMs);
        });
      }
    },
    async flush() {
      clearTimer();
      if (running) await running.catch(() => {});
      if (pending) await start().catch(() => {});
    },
    cancel() {
      clearTimer();
      pending = null;
    },
    get dirty() {
      return pending !== null || running !== null;
    },
  };
}

/**
 * Saves registered by open editors, flushed before the vault locks on her command, so the last
 * seconds of typing are not lost when she presses Lock.
 */
const flushers = new Set<() => Promise<void>>();
export function registerFlush(flush: () => Promise<void>): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}
export async function flushAll(): Promise<void> {
  await Promise.all([...flushers].map((f) => f().catch(() => {})));
}
