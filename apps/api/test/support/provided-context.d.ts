// What the integration global setup provides to every test file (see global-setup.ts).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Environment variables pointing at this run's own database, Redis key prefix and storage folder. */
    testEnv: Record<string, string>;
  }
}
