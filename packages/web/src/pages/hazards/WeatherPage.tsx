import { useState } from 'react';
import { Button, Card, Empty, Form, Input, List, Modal, Pagination, Progress, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WEATHER_KIND, WEATHER_LEVEL } from '@doudi/domain';
import type { CreateWeatherWarningRequest, WeatherWarningView } from '@doudi/domain';
import { showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { hazardKeys, hazardsApi } from './hazardsApi';
import { chinaToday, LevelTag, LEVEL_COLORS } from './hazardsFormat';
import './hazards.css';

const FIELDS = ['regionCode', 'kind', 'level', 'startsOn', 'endsOn', 'source', 'text'];

function WarningModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const { t } = useI18n();
  const [form] = Form.useForm<CreateWeatherWarningRequest>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: hazardsApi.createWarning,
    meta: { form: true },
    onSuccess: (w) => {
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
      void queryClient.invalidateQueries({ queryKey: hazardKeys.notifications });
      showSuccess(t('hazards.weather.created', { visits: w.visitsCreated, notified: w.notified }));
      form.resetFields();
      onClose();
    },
    onError: (e) => showFormError(form, e, FIELDS),
  });
  return (
    <Modal open={open} title={t('hazards.weather.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      okText={t('hazards.weather.publish')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ regionCode: me.region.code, kind: 'cold_wave', level: 'yellow', startsOn: chinaToday() }}
        onFinish={(v) => save.mutate({ ...v, source: v.source ?? '', text: v.text ?? '' })}>
        <Form.Item name="regionCode" label={t('hazards.weather.region')} rules={[{ required: true }]}><RegionPicker root={me.region} allowClear={false} /></Form.Item>
        <Form.Item name="kind" label={t('hazards.weather.kind')}><Select options={WEATHER_KIND.options} data-testid="weather-kind" /></Form.Item>
        <Form.Item name="level" label={t('hazards.weather.level')}><Radio.Group options={WEATHER_LEVEL.options} optionType="button" /></Form.Item>
        <Space wrap>
          <Form.Item name="startsOn" label={t('hazards.weather.startsOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
          <Form.Item name="endsOn" label={t('hazards.weather.endsOn')} rules={[{ required: true, message: t('hazards.weather.endsOnRequired') }]}><Input type="date" data-testid="weather-ends" /></Form.Item>
        </Space>
        <Form.Item name="source" label={t('hazards.weather.source')}><Input maxLength={100} placeholder={t('hazards.weather.sourcePlaceholder')} /></Form.Item>
        <Form.Item name="text" label={t('hazards.weather.text')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <Typography.Text type="secondary">{t('hazards.weather.effect')}</Typography.Text>
      </Form>
    </Modal>
  );
}

function WarningCard({ w }: { w: WeatherWarningView }) {
  const { t } = useI18n();
  const pct = w.visitsDue ? Math.round((w.visitsDone / w.visitsDue) * 100) : 0;
  return (
    <Card size="small" style={{ borderLeft: `4px solid ${LEVEL_COLORS[w.level]}`, width: '100%' }} data-testid="weather-card">
      <div className="weather-card-head">
        <span className="weather-card-title">{w.regionName}{w.title}</span>
        <LevelTag level={w.level} />
        {w.active ? <Tag color="red">{t('hazards.weather.active')}</Tag> : <Tag>{t('hazards.weather.ended')}</Tag>}
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0' }}>
        {w.startsOn} — {w.endsOn}{w.source ? ` · ${w.source}` : ''}
      </Typography.Paragraph>
      {w.text ? <Typography.Paragraph style={{ marginBottom: 6 }}>{w.text}</Typography.Paragraph> : null}
      <div>
        {t('hazards.weather.visits', { done: w.visitsDone, due: w.visitsDue })}
        <Progress percent={pct} size="small" status={w.active && pct < 100 ? 'active' : undefined} />
        <Typography.Text type="secondary">{t('hazards.weather.notified', { n: w.notified })}</Typography.Text>
      </div>
    </Card>
  );
}

/** 天气预警: warnings in force first, with the extra visits they triggered and how many are done. */
export default function WeatherPage() {
  const me = useMe();
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: [...hazardKeys.all, 'weather', page], queryFn: () => hazardsApi.warnings({ page, pageSize: 20 }), placeholderData: keepPreviousData });
  const canCreate = hasPermission(me, 'hazards.write') && me.region.level <= 4;
  return (
    <Card
      title={t('hazards.weather.title')}
      extra={canCreate ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="weather-new">{t('hazards.weather.new')}</Button> : null}
    >
      {list.isLoading ? <Spin /> : !list.data?.items.length ? <Empty description={t('hazards.weather.empty')} /> : (
        <>
          <List dataSource={list.data.items} split={false} renderItem={(w) => <List.Item><WarningCard w={w} /></List.Item>} />
          {list.data.total > 20 ? <Pagination current={page} pageSize={20} total={list.data.total} onChange={setPage} simple /> : null}
        </>
      )}
      <WarningModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
