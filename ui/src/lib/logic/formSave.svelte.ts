import { errorsByField, fieldProblems } from "$lib/logic/fields";
import { asApiError } from "$lib/logic/errors";

/**
 * A form that saves through the API: `busy` while a save runs, the backend's field problems in `errors`
 * (shown beside the fields), and anything else as one `error` message.
 */
export class FormSave {
  busy = $state(false);
  error = $state("");
  errors = $state<Record<string, string>>({});
  readonly #fieldsNotOnForm: readonly string[];

  /**
   * `fieldsNotOnForm`: fields the backend may name that have no input here; when only they have
   * problems, the message is shown instead, so the problem is not lost.
   */
  constructor({ fieldsNotOnForm = [] }: { fieldsNotOnForm?: readonly string[] } = {}) {
    this.#fieldsNotOnForm = fieldsNotOnForm;
  }

  /** Runs `action`, then hands its result to `onDone` (a locked vault never gets here: `api/invoke.ts`). */
  async run<T>(action: () => Promise<T>, onDone: (result: T) => void): Promise<void> {
    this.busy = true;
    this.error = "";
    this.errors = {};
    try {
      onDone(await action());
    } catch (e) {
      this.errors = errorsByField(fieldProblems(e));
      const shownOnForm = Object.keys(this.errors).some((f) => !this.#fieldsNotOnForm.includes(f));
      this.error = shownOnForm ? "" : asApiError(e).message;
    } finally {
      this.busy = false;
    }
  }

  /** Hides a field's problem once she edits it. */
  clear = (field: string) => {
    delete this.errors[field];
  };
}
