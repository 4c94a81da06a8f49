import { call } from "./invoke";

// Commands about the app itself rather than the vault.

/** Tells the backend the first screen has been painted (benchmarks time start-up with it). */
export const uiReady = () => call("ui_ready");
