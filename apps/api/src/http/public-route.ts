/** Where the public API lives: its routes are registered under this prefix (public-api.ts). */
export const PUBLIC_API_PREFIX = '/api/public';

/** A route path of the public API relative to PUBLIC_API_PREFIX (the shared constants hold full paths). */
export const publicRoute = (path: string) => path.slice(PUBLIC_API_PREFIX.length);
