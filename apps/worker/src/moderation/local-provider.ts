import type { StorageDriver } from '@phoenix4ge/shared/node';
import { localOriginal } from '../media/original-file';
import { classifierInput } from '../media/sharp';
import { loadLocalClassifier } from './local-classifier';
import type { ModerationProvider } from './provider';
import { UnreadableImageError } from './provider';

/** On-device nsfwjs (tfjs WASM backend), loaded once per worker process. */
export function createLocalProvider(deps: { storage: StorageDriver; maxPixels: number }): ModerationProvider {
  return {
    name: 'local',
    async moderate(target) {
      const image = await target.image();
      const classifier = await loadLocalClassifier();
      const original = await localOriginal(deps.storage, image.key);
      try {
        const input = await classifierInput(original.path, deps.maxPixels).catch((error: unknown) => {
          throw new UnreadableImageError(
            `The classifier could not read the image: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          );
        });
        const scores = await classifier.classify(input);
        return {
          kind: 'scores',
          scores,
          labels: [],
          modelName: classifier.modelName,
          modelVersion: classifier.modelVersion,
        };
      } finally {
        await original.release();
      }
    },
  };
}
