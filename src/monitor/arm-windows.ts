import { ArmWindow, type ArmWindowOptions, type ArmWindowSummary, type WindowEntry } from './arm-window.js';

/** One keyed window of {@link ArmWindows}. */
export interface ArmWindowEntry {
  readonly modelVersion: string;
  readonly arm: string;
  readonly window: ArmWindow;
}

/**
 * The windows of every (model version, arm) seen by this process, created on first use with
 * shared sizing. Bounded by `maxArms`: past it, the least recently created window is dropped
 * (old versions stop receiving traffic long before that matters).
 */
export class ArmWindows {
  readonly #windows = new Map<string, ArmWindowEntry>();
  readonly #options: ArmWindowOptions;
  readonly #maxArms: number;

  constructor(options: ArmWindowOptions, maxArms = 32) {
    this.#options = options;
    this.#maxArms = maxArms;
  }

  /** The window of (modelVersion, arm), created empty if new. */
  get(modelVersion: string, arm: string): ArmWindow {
    const key = `${modelVersion}\u0000${arm}`;
    let entry = this.#windows.get(key);
    if (!entry) {
      entry = { modelVersion, arm, window: new ArmWindow(this.#options) };
      this.#windows.set(key, entry);
      if (this.#windows.size > this.#maxArms) this.#windows.delete(this.#windows.keys().next().value as string);
    }
    return entry.window;
  }

  /** Records one prediction into the window of its (modelVersion, arm). */
  record(o: WindowEntry & { readonly modelVersion: string; readonly arm: string }): void {
    this.get(o.modelVersion, o.arm).record(o);
  }

  /** True when (modelVersion, arm) has a window. */
  has(modelVersion: string, arm: string): boolean {
    return this.#windows.has(`${modelVersion}\u0000${arm}`);
  }

  /** Every arm's summary at `now` (the `arms` of an AlertSnapshot), skipping arms with no requests in the window. */
  summaries(now: number): (ArmWindowSummary & { readonly modelVersion: string; readonly arm: string })[] {
    return this.list()
      .map((e) => ({ modelVersion: e.modelVersion, arm: e.arm, ...e.window.summarize(now) }))
      .filter((s) => s.requests > 0);
  }

  /** Every window, in creation order. */
  list(): ArmWindowEntry[] {
    return [...this.#windows.values()];
  }
}
