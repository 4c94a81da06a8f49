import { call } from "./invoke";

// The only caller of the backup commands. Files and folders are chosen in native dialogs that
// the backend opens: the page never sees the file system.

// `current` is the vault passphrase typed again: the backend checks it (a wrong one counts as a
// failed unlock) before the whole vault leaves, is replaced, or its automatic backups move.

export const status = () => call("backup_status");
/** Checks both passphrases, asks where to save, makes and verifies the backup; null if she cancelled. */
export const create = (current: string, passphrase: string, confirmation: string) =>
  call("backup_create", { current, passphrase, confirmation });
/** Checks the vault passphrase, then asks for the folder for automatic backups; null if she cancelled. */
export const chooseFolder = (current: string) => call("backup_choose_folder", { current });
export const folderOff = (current: string) => call("backup_folder_off", { current });
/** After how many days without a verified backup the home screen reminds her. */
export const setRemindDays = (days: number) => call("backup_set_remind_days", { days });

// Restoring. The backend remembers the file chosen in its dialog; `key` is the backup's
// passphrase, or the recovery key for an automatic backup.

/** Asks for the backup file; null if she cancelled. Refuses a file that is not a backup at once. */
export const chooseRestoreFile = () => call("backup_restore_choose");
/** Verifies the whole chosen backup and says what it holds. Changes nothing. */
export const inspectRestoreFile = (key: string) => call("backup_restore_inspect", { key });
/** Only when no vault exists yet (the Welcome screen): the backup becomes the vault, opened. */
export const restoreNew = (key: string, passphrase: string, confirmation: string) =>
  call("backup_restore_new", { key, passphrase, confirmation });
/** Replaces the open vault once the backup verified; the old one is kept aside until the restored one unlocks. */
export const restoreReplace = (current: string, key: string, passphrase: string, confirmation: string, confirmed: boolean) =>
  call("backup_restore_replace", { current, key, passphrase, confirmation, confirmed });
