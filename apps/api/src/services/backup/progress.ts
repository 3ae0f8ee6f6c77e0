/** How the backup steps report progress; the CLI draws it on stderr, tests may ignore it. */
export interface BackupProgress {
  /** A step with `total` units (files) begins; 0 for a step without a known size. */
  step(label: string, total: number): void;
  /** `done` units of the current step are finished. */
  update(done: number, detail?: string): void;
  /** A line worth reading (a warning, a summary). */
  note(line: string): void;
  /** The current step ended. */
  end(): void;
}

export const silentProgress: BackupProgress = {
  step() {},
  update() {},
  note() {},
  end() {},
};
