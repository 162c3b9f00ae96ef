import { useSearchParams } from 'react-router';

/**
 * A list page's filters kept in the address: `set({ status: 'closed' })` sets or (with an empty value) removes each
 * named parameter and goes back to the first page unless the patch names the page itself.
 */
export function useSearchParamPatch() {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return [params, set] as const;
}
