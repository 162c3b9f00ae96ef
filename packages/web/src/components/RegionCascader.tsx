import { useCallback, useState } from 'react';
import type { CSSProperties } from 'react';
import { Cascader } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { regionAncestry, regionContains } from '@doudi/domain';
import type { RegionLevel, RegionNode, RegionPathItem } from '@doudi/domain';
import { fetchRegionChildren } from '../queries';
import { showError } from '../feedback';

interface RegionOption {
  value: string;
  label: string;
  level: RegionLevel;
  isLeaf: boolean;
  children?: RegionOption[];
}

function toOption(region: Pick<RegionNode, 'code' | 'name' | 'level'> & { hasChildren?: boolean }): RegionOption {
  return {
    value: region.code,
    label: region.name,
    level: region.level,
    isLeaf: region.hasChildren === undefined ? region.level === 5 : !region.hasChildren,
  };
}

export interface RegionCascaderProps {
  /** The top of the tree: normally the signed-in user's own region (their jurisdiction). */
  root: RegionPathItem;
  /** The chosen region code (12 digits). */
  value?: string;
  onChange?: (code: string | undefined, region: RegionPathItem | undefined) => void;
  onOpenChange?: (open: boolean) => void;
  placeholder?: string;
  style?: CSSProperties;
  className?: string;
  disabled?: boolean;
  allowClear?: boolean;
  id?: string;
  'data-testid'?: string;
}

/**
 * Chooses a region level by level, starting from `root`; children are fetched as each level is opened, so a
 * province-level user never downloads hundreds of thousands of villages. Any level may be chosen.
 */
export function RegionCascader({
  root,
  value,
  onChange,
  onOpenChange,
  placeholder,
  style,
  className,
  disabled,
  allowClear = true,
  id,
  'data-testid': testId,
}: RegionCascaderProps) {
  const queryClient = useQueryClient();
  const [options, setOptions] = useState<RegionOption[]>(() => [toOption(root)]);

  const loadData = useCallback(
    (selected: RegionOption[]) => {
      const target = selected[selected.length - 1];
      if (!target || target.children) return;
      fetchRegionChildren(queryClient, target.value)
        .then((children) => {
          target.children = children.map(toOption);
          if (children.length === 0) target.isLeaf = true;
          setOptions((prev) => [...prev]);
        })
        .catch(showError);
    },
    [queryClient],
  );

  const path = value && regionContains(root.code, value) ? regionAncestry(value).slice(root.level - 1) : undefined;

  return (
    <Cascader<RegionOption>
      id={id}
      data-testid={testId}
      className={className}
      style={style}
      options={options}
      loadData={loadData}
      value={path}
      changeOnSelect
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder}
      onOpenChange={onOpenChange}
      displayRender={(labels) => labels.join(' / ')}
      onChange={(_codes, selected) => {
        const last = selected?.[selected.length - 1];
        onChange?.(last?.value, last ? { code: last.value, name: last.label, level: last.level } : undefined);
      }}
    />
  );
}
