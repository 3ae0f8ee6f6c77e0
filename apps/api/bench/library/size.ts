/** The generated library the listing and public-delivery benchmarks share (one kept database serves both). */
export const LIBRARY = { total: 1_000_000, models: 1000, bigModelItems: 200_000, seed: 11 };

/** The model holding `bigModelItems`. */
export const BIG_MODEL_SLUG = 'bench-library-big';
