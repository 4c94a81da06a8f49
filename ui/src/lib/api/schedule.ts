import { call } from "./invoke";
import type {
  Attendance,
  AwayDays,
  Booking,
  DayHours,
  IcsLabel,
  NewTime,
  Scope,
  SessionFields,
} from "$lib/generated/types";

// The only caller of the schedule commands. Times are the practice's wall-clock times.

export type {
  AwayDays,
  Booked,
  Booking,
  ClientSchedule,
  DayHours,
  IcsExport,
  IcsLabel,
  Missed,
  NewTime,
  Repeat,
  ScheduleDay,
  ScheduleView,
  Scope,
  SeriesPlace,
  SeriesRule,
  SeriesSummary,
  Slot,
  TimeZones,
  Warning,
  WarningKind,
} from "$lib/generated/types";

/** `days` days from `from` (YYYY-MM-DD): 1 for a day, 7 for a week from its Monday. */
export const view = (from: string, days: number) => call("schedule_view", { from, days });
/** What she would be warned of if she booked this now; nothing is written. */
export const check = (booking: Booking) => call("schedule_check", { booking });
export const book = (booking: Booking) => call("schedule_book", { booking });
/** Moves or changes an appointment, and with a wider scope the rest of its series not yet recorded. */
export const edit = (id: number, fields: SessionFields, scope: Scope) => call("schedule_edit", { id, fields, scope });
/** Records what happened; `newTime` books the new time of a rescheduled appointment. */
export const record = (id: number, attendance: Attendance, newTime: NewTime | null = null) =>
  call("schedule_record", { id, attendance, newTime });
/** Removes appointments not yet recorded (with a wider scope, the rest of the series). */
export const remove = (id: number, scope: Scope) => call("schedule_remove", { id, scope });
export const ofClient = (clientId: number) => call("schedule_client", { clientId });

export const workingHours = () => call("working_hours");
export const setWorkingHours = (days: DayHours[]) => call("working_hours_set", { days });
export const awayDays = () => call("away_days");
export const addAwayDays = (away: AwayDays) => call("away_days_add", { away });
export const removeAwayDays = (id: number) => call("away_days_remove", { id });

/** Prints the day sheet (initials, or names when she chose them after the warning). */
export const printDaySheet = (date: string, names: boolean) => call("day_sheet_print", { date, names });
/** Asks for a folder and writes the .ics there; null when she cancels. */
export const exportIcs = (weeks: number, label: IcsLabel) => call("schedule_export_ics", { weeks, label });
export const timeZones = () => call("time_zones");
