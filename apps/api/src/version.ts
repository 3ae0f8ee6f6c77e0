/** The api's version, reported by /health and system.status. */
export const API_VERSION = '0.1.0';
