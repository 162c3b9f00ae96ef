import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, List, Modal, Segmented, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { daysOfFestivals, festivalsOf, regionLevel, weekdayName, type CalendarYearView, type Festival } from '@doudi/domain';
import { api } from '../../api';
import { showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { todayDate } from './policyFormat';
import './WorkCalendarCard.css';

const monthDay = (date: string) => `${date.slice(5, 7)}-${date.slice(8)}`;

/** One holiday on one line, as the notice reads: the days off, then the weekend days worked. */
function FestivalLine({ f }: { f: Festival }) {
  const { t } = useI18n();
  const off = f.off.map((o) => (o.days === 1 ? t('calendar.offOne', { from: monthDay(o.from) }) : t('calendar.off', { from: monthDay(o.from), to: monthDay(o.to), n: o.days })));
  const worked = f.worked.length ? [t('calendar.worked', { dates: f.worked.map((d) => `${monthDay(d)}（${weekdayName(d)}）`).join('、') })] : [];
  return (
    <List.Item data-testid="calendar-festival">
      <Space size={12} wrap align="baseline">
        <Typography.Text strong style={{ minWidth: 72, display: 'inline-block' }}>{f.name}</Typography.Text>
        <span>{[...off, ...worked].join('；')}</span>
      </Space>
    </List.Item>
  );
}

interface FestivalForm { name: string; range: [Dayjs, Dayjs]; worked?: Dayjs[] }

function EditCalendarModal({ year, current, onClose }: { year: number; current: CalendarYearView; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ source: string; festivals: FestivalForm[] }>();
  const initial = {
    source: current.source ?? '',
    festivals: festivalsOf(current.days).flatMap((f) => f.off.map((o, i) => ({
      name: f.name, range: [dayjs(o.from), dayjs(o.to)] as [Dayjs, Dayjs], worked: i === 0 ? f.worked.map((d) => dayjs(d)) : [],
    }))),
  };
  const save = useMutation({
    mutationFn: (v: { source: string; festivals: FestivalForm[] }) => api.saveWorkCalendar(year, {
      source: v.source,
      days: daysOfFestivals(v.festivals.map((f) => ({
        name: f.name.trim(), from: f.range[0].format('YYYY-MM-DD'), to: f.range[1].format('YYYY-MM-DD'),
        worked: (f.worked ?? []).map((d) => d.format('YYYY-MM-DD')),
      }))),
    }),
    onSuccess: (saved) => {
      qc.setQueryData(queryKeys.workCalendar(year), saved);
      showSuccess(t('calendar.saved', { year }));
      onClose();
    },
    onError: (error) => showFormError(form, error, ['source']),
  });
  const inYear = (d: Dayjs) => d.year() !== year;
  return (
    <Modal open title={t('calendar.editTitle', { year })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      width={720} destroyOnHidden okButtonProps={{ 'data-testid': 'calendar-save' } as Record<`data-${string}`, string>}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="source" label={t('calendar.sourceLabel')} rules={[{ required: true, message: t('calendar.sourceRequired') }]}>
          <Input placeholder={t('calendar.sourcePlaceholder')} maxLength={100} data-testid="calendar-source" />
        </Form.Item>
        <Form.List name="festivals">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <div key={field.key} className="calendar-row" data-testid="calendar-row">
                  <Form.Item name={[field.name, 'name']} label={t('calendar.festival')} rules={[{ required: true, whitespace: true, message: t('calendar.festivalRequired') }]}>
                    <Input maxLength={20} data-testid="calendar-row-name" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'range']} label={t('calendar.offRange')} rules={[{ required: true, message: t('calendar.offRequired') }]}>
                    <DatePicker.RangePicker disabledDate={inYear} defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-01-01`)]} data-testid="calendar-row-range" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'worked']} label={t('calendar.workedDays')}>
                    <DatePicker multiple disabledDate={(d) => inYear(d) || (d.day() !== 0 && d.day() !== 6)} defaultPickerValue={dayjs(`${year}-01-01`)}
                      data-testid="calendar-row-worked" />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} className="calendar-row-delete" />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', worked: [] })} block data-testid="calendar-add">
                {t('calendar.addFestival')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/**
 * 节假日安排 on the policy page: a year's holidays as the State Council's notice reads (this year, last year and next),
 * a warning when a year is missing, and the editor for provincial policy administrators.
 */
export function WorkCalendarCard() {
  const me = useMe();
  const { t } = useI18n();
  const thisYear = Number(todayDate().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState(false);
  const canEdit = hasPermission(me, 'policy.manage') && regionLevel(me.region.code) === 1;
  const cal = useQuery({ queryKey: queryKeys.workCalendar(year), queryFn: () => api.workCalendar(year) });
  const festivals = cal.data ? festivalsOf(cal.data.days) : [];
  return (
    <Card
      size="small" style={{ marginTop: 16 }} data-testid="work-calendar"
      title={t('calendar.title')}
      extra={canEdit && cal.data ? <Button size="small" onClick={() => setEditing(true)} data-testid="calendar-edit">{t('calendar.edit')}</Button> : null}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('calendar.intro')}</Typography.Text>
        <Segmented value={year} onChange={(v) => setYear(Number(v))} data-testid="calendar-year"
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: t('calendar.year', { year: y }) }))} />
        {cal.data && !cal.data.days.length ? <Alert type="warning" showIcon title={t('calendar.missing', { year })} data-testid="calendar-missing" /> : null}
        {cal.data?.source ? (
          <Typography.Text>
            {t('calendar.source', { source: cal.data.source })}
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {cal.data.updatedBy && cal.data.updatedAt ? t('calendar.updated', { by: cal.data.updatedBy, at: cal.data.updatedAt.slice(0, 10) }) : t('calendar.preset')}
            </Typography.Text>
          </Typography.Text>
        ) : null}
        {festivals.length ? <List size="small" dataSource={festivals} renderItem={(f) => <FestivalLine f={f} />} /> : cal.data?.source ? <Empty /> : null}
      </Space>
      {editing && cal.data ? <EditCalendarModal year={year} current={cal.data} onClose={() => setEditing(false)} /> : null}
    </Card>
  );
}
