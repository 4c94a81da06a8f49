import { call } from "./invoke";

// The only caller of the Today command.

export type { Appointment, ClientTodo, TodayView } from "$lib/generated/types";

/** Everything the Today screen lists, with names or initials as discreet mode says. */
export const view = () => call("today_view");
