import type { ReactNode } from 'react';

/** The module's routes, placed inside the signed-in shell by App.tsx (called as a function, not rendered). */
export function visitsRoutes(): ReactNode {
  return null;
}
