import { call } from "./invoke";
import type { BackupStatus, BackupSummary } from "$lib/generated/types";

// The only caller of the backup commands. Files and folders are chosen in native dialogs that
// the backend opens: the page never sees the file system.

export const status = () => call<BackupStatus>("backup_status");
/** Checks the passphrase, asks where to save, makes and verifies the backup; null if she cancelled. */
export const create = (passphrase: string, confirmation: string) =>
  call<BackupSummary | null>("backup_create", { passphrase, confirmation });
/** Asks for the folder for automatic backups; null if she cancelled. */
export const chooseFolder = () => call<BackupStatus | null>("backup_choose_folder");
export const folderOff = () => call<BackupStatus>("backup_folder_off");
