import { describe, expect, it, vi } from "vitest";
import { FormSave } from "./formSave.svelte";

/** An invalid_input error carrying these [field, message] problems. */
const invalid = (...problems: [string, string][]) => ({
  code: "invalid_input",
  message: "Check the form.",
  fields: problems.map(([field, message]) => ({ field, message })),
});

describe("FormSave", () => {
  it("is busy while the action runs and hands its result on", async () => {
    const form = new FormSave();
    const done = vi.fn();
    let finish!: (n: number) => void;
    const running = form.run(() => new Promise<number>((resolve) => (finish = resolve)), done);
    expect(form.busy).toBe(true);
    finish(7);
    await running;
    expect(done).toHaveBeenCalledWith(7);
    expect(form.busy).toBe(false);
  });

  it("puts field problems beside the fields and no message", async () => {
    const form = new FormSave();
    await form.run(() => Promise.reject(invalid(["purpose", "Say why."])), () => {});
    expect(form.errors).toEqual({ purpose: "Say why." });
    expect(form.error).toBe("");
  });

  it("shows the message when the error names no field", async () => {
    const form = new FormSave();
    await form.run(() => Promise.reject({ code: "other", message: "That authorization is gone." }), () => {});
    expect(form.errors).toEqual({});
    expect(form.error).toBe("That authorization is gone.");
  });

  it("shows the message when only fields not on the form have problems", async () => {
    const form = new FormSave({ fieldsNotOnForm: ["items"] });
    await form.run(() => Promise.reject(invalid(["items", "Nothing may go."])), () => {});
    expect(form.error).toBe("Check the form.");
  });

  it("clears old problems when saving again, and one field's problem when she edits it", async () => {
    const form = new FormSave();
    await form.run(() => Promise.reject(invalid(["on", "Pick a date."], ["how", "Say how."])), () => {});
    form.clear("on");
    expect(form.errors).toEqual({ how: "Say how." });
    await form.run(() => Promise.resolve(1), () => {});
    expect(form.errors).toEqual({});
  });
});
