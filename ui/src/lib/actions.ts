/** Moves keyboard focus to the element when it appears (used instead of `autofocus`). */
export function focusOnMount(node: HTMLElement): void {
  queueMicrotask(() => node.focus());
}
