-- The registry list filters a region's households by category, member tag, poverty reason and urban / rural, and
-- shows the total. With these columns carried in the region index, the total is counted from the index alone
-- (an index-only scan) instead of visiting every household of the region in the table.
CREATE INDEX households_region_filters_idx ON households (region_code, id)
  INCLUDE (urban_rural, category_kinds, member_tags, poverty_reasons);
DROP INDEX households_region_idx;
COMMENT ON INDEX households_region_filters_idx IS
  '辖区与筛选：按区域代码排序分页；类别、成员标识、致贫原因、城乡随索引携带，统计总数时只读索引';
