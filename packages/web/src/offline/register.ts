/** Registers /sw.js (built by vite.config.ts) in production builds; service workers need https or localhost. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Registered at once (not on `load`): the first visit may be short, and the worker must be installed before the
  // signal goes. Calling register() again on every start is harmless and restarts an install that was cut off.
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    console.warn('service worker not registered', error);
  });
}
