import { call } from "./invoke";
import type { TodayView } from "$lib/generated/types";

// The only caller of the Today command.

export type { Appointment, ClientTodo, TodayView } from "$lib/generated/types";

/** Everything the Today screen lists, with names or initials as discreet mode says. */
export const view = () => call<TodayView>("today_view");
