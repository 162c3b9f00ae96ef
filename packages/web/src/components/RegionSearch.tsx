import { useState } from 'react';
import type { CSSProperties } from 'react';
import { Empty, Select, Spin } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { RegionSearchHit } from '../api';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { levelLabel, useI18n } from '../i18n';
import { queryKeys } from '../queries';

export interface RegionSearchProps {
  onSelect: (region: RegionSearchHit) => void;
  placeholder?: string;
  style?: CSSProperties;
  className?: string;
}

/**
 * Finds a region inside the user's jurisdiction by Chinese name or pinyin initials ("dtz" → 大塘镇); the server does
 * the matching, this box only asks as the user types.
 */
export function RegionSearch({ onSelect, placeholder, style, className }: RegionSearchProps) {
  const { t, lang } = useI18n();
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input.trim(), 250);

  const search = useQuery({
    queryKey: queryKeys.regionSearch(q),
    queryFn: async () => (await api.searchRegions(q, 20)).items,
    enabled: q.length > 0,
    staleTime: 5 * 60_000,
  });
  const hits = q.length > 0 ? (search.data ?? []) : [];
  const waiting = input.trim() !== q || search.isFetching;

  return (
    <Select<string>
      className={className}
      style={style}
      data-testid="region-search"
      value={null}
      placeholder={placeholder ?? t('regions.searchPlaceholder')}
      suffixIcon={<SearchOutlined />}
      showSearch={{ filterOption: false, onSearch: setInput, searchValue: input }}
      onSelect={(code) => {
        const hit = hits.find((h) => h.code === code);
        setInput('');
        if (hit) onSelect(hit);
      }}
      onBlur={() => setInput('')}
      notFoundContent={
        input.trim().length === 0 ? null : waiting ? (
          <div className="region-search-status">
            <Spin size="small" />
          </div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.searchEmpty')} />
        )
      }
      options={hits.map((hit) => ({
        value: hit.code,
        label: (
          <div className="region-hit">
            <div className="region-hit-main">
              <span className="region-hit-name">{hit.name}</span>
              <span className="region-hit-level">{levelLabel(hit.level, lang)}</span>
            </div>
            <div className="region-hit-path">
              {hit.pathNames} · <span className="mono">{hit.code}</span>
            </div>
          </div>
        ),
      }))}
    />
  );
}
