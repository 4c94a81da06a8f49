import { call } from "./invoke";
import type {
  Attendance,
  AwayDays,
  Booked,
  Booking,
  ClientSchedule,
  DayHours,
  IcsExport,
  IcsLabel,
  NewTime,
  ScheduleView,
  Scope,
  SessionFields,
  TimeZones,
  Warning,
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
export const view = (from: string, days: number) => call<ScheduleView>("schedule_view", { from, days });
/** What she would be warned of if she booked this now; nothing is written. */
export const check = (booking: Booking) => call<Warning[]>("schedule_check", { booking });
export const book = (booking: Booking) => call<Booked>("schedule_book", { booking });
/** Moves or changes an appointment, and with a wider scope the rest of its series not yet recorded. */
export const edit = (id: number, fields: SessionFields, scope: Scope) => call<Booked>("schedule_edit", { id, fields, scope });
/** Records what happened; `newTime` books the new time of a rescheduled appointment. */
export const record = (id: number, attendance: Attendance, newTime: NewTime | null = null) =>
  call<Booked>("schedule_record", { id, attendance, newTime });
/** Removes appointments not yet recorded (with a wider scope, the rest of the series). */
export const remove = (id: number, scope: Scope) => call<number[]>("schedule_remove", { id, scope });
export const ofClient = (clientId: number) => call<ClientSchedule>("schedule_client", { clientId });

export const workingHours = () => call<DayHours[]>("working_hours");
export const setWorkingHours = (days: DayHours[]) => call<DayHours[]>("working_hours_set", { days });
export const awayDays = () => call<AwayDays[]>("away_days");
export const addAwayDays = (away: AwayDays) => call<AwayDays>("away_days_add", { away });
export const removeAwayDays = (id: number) => call<void>("away_days_remove", { id });

/** Prints the day sheet (initials, or names when she chose them after the warning). */
export const printDaySheet = (date: string, names: boolean) => call<void>("day_sheet_print", { date, names });
/** Asks for a folder and writes the .ics there; null when she cancels. */
export const exportIcs = (weeks: number, label: IcsLabel) => call<IcsExport | null>("schedule_export_ics", { weeks, label });
export const timeZones = () => call<TimeZones>("time_zones");
