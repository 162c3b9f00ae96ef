import { useCallback, useEffect, useState } from 'react';
import type { CSSProperties } from 'react';
import { Cascader } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { regionAncestry, regionContains } from '@doudi/domain';
import type { RegionLevel, RegionNode, RegionPathItem } from '@doudi/domain';
import { showError } from '../../feedback';
import { fetchRegionChildren } from '../../queries';

interface RegionOption {
  value: string;
  label: string;
  level: RegionLevel;
  isLeaf: boolean;
  disabled?: boolean;
  children?: RegionOption[];
}

function toOption(region: Pick<RegionNode, 'code' | 'name' | 'level'> & { hasChildren?: boolean }, minLevel: RegionLevel): RegionOption {
  const isLeaf = region.hasChildren === undefined ? region.level === 5 : !region.hasChildren;
  return {
    value: region.code,
    label: region.name,
    level: region.level,
    isLeaf,
    // A leaf above the level asked for cannot be chosen (a township without villages in the table).
    disabled: isLeaf && region.level < minLevel,
  };
}

/**
 * The region cascader of the shared component, plus one thing the registry needs: a value set from a record (a
 * household's village, a filter in the address) shows its names at once, because the levels down to it are loaded
 * when the value arrives instead of when the user opens the menu. `minLevel` 5 asks for a village.
 */
export function RegionPicker({
  root,
  value,
  onChange,
  minLevel = 1,
  placeholder,
  style,
  allowClear = true,
  id,
  'data-testid': testId,
}: {
  root: RegionPathItem;
  value?: string;
  onChange?: (code: string | undefined) => void;
  minLevel?: RegionLevel;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  id?: string;
  'data-testid'?: string;
}) {
  const queryClient = useQueryClient();
  const [options, setOptions] = useState<RegionOption[]>(() => [toOption(root, minLevel)]);

  const loadChildren = useCallback(
    async (target: RegionOption) => {
      if (target.children) return;
      const children = await fetchRegionChildren(queryClient, target.value);
      target.children = children.map((c) => toOption(c, minLevel));
      if (children.length === 0) target.isLeaf = true;
    },
    [queryClient, minLevel],
  );

  const path = value && regionContains(root.code, value) ? regionAncestry(value).slice(root.level - 1) : undefined;
  const pathKey = path?.join('/');

  useEffect(() => {
    if (!path || path.length < 2) return;
    let cancelled = false;
    void (async () => {
      let level: RegionOption[] | undefined = options;
      for (const code of path.slice(0, -1)) {
        const node: RegionOption | undefined = level?.find((o) => o.value === code);
        if (!node) return;
        await loadChildren(node);
        level = node.children;
      }
      if (!cancelled) setOptions((prev) => [...prev]);
    })().catch(showError);
    return () => {
      cancelled = true;
    };
    // Only when the chosen region changes; options are mutated in place like the shared cascader does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathKey, loadChildren]);

  return (
    <Cascader<RegionOption>
      id={id}
      data-testid={testId}
      style={style}
      options={options}
      loadData={(selected) => {
        const target = selected[selected.length - 1];
        if (!target) return;
        loadChildren(target)
          .then(() => setOptions((prev) => [...prev]))
          .catch(showError);
      }}
      value={path}
      changeOnSelect={minLevel < 5}
      allowClear={allowClear}
      placeholder={placeholder}
      showSearch={false}
      displayRender={(labels) => labels.join(' / ')}
      onChange={(codes) => {
        const last = codes?.[codes.length - 1];
        onChange?.(last === undefined ? undefined : String(last));
      }}
    />
  );
}
