/** 发起 / 修改专项行动: the header and the tasks as editable rows (序号, 任务, 时限, 要求). */
import { useEffect } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CATEGORY_KIND, MEMBER_TAG } from '@doudi/domain';
import type { CampaignDetail, CategoryKind, CreateCampaignRequest, MemberTag } from '@doudi/domain';
import { isApiError } from '../../api';
import { showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import type { Lang } from '../../i18n';
import { visitKeys, visitsApi } from './visitsApi';

interface TaskRow {
  id?: number;
  seq: number;
  title: string;
  dueOn?: Dayjs | null;
  description?: string;
}
interface Values {
  name: string;
  docNumber?: string;
  period: [Dayjs, Dayjs];
  description?: string;
  categories: CategoryKind[];
  tags: MemberTag[];
  targetNote?: string;
  tasks: TaskRow[];
}

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const seqLabel = (seq: number, lang: Lang = 'zh'): string => (lang === 'zh' && seq <= 10 ? (CN_NUM[seq - 1] ?? String(seq)) : String(seq));

export function CampaignFormModal({ open, campaign, onClose }: { open: boolean; campaign?: CampaignDetail; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const editing = Boolean(campaign);

  useEffect(() => {
    if (!open) return;
    if (campaign) {
      form.setFieldsValue({
        name: campaign.name,
        docNumber: campaign.docNumber ?? undefined,
        period: [dayjs(campaign.startsOn), dayjs(campaign.endsOn)],
        description: campaign.description,
        categories: campaign.targetGroups.categories,
        tags: campaign.targetGroups.tags,
        targetNote: campaign.targetGroups.note,
        tasks: campaign.tasks.map((task) => ({ id: task.id, seq: task.seq, title: task.title, description: task.description, dueOn: task.dueOn ? dayjs(task.dueOn) : null })),
      });
    } else {
      form.resetFields();
      form.setFieldsValue({ categories: [], tags: [], tasks: [{ seq: 1, title: '' }] });
    }
  }, [open, campaign, form]);

  const save = useMutation({
    meta: { form: true },
    mutationFn: (v: Values) => {
      const body: CreateCampaignRequest = {
        name: v.name,
        docNumber: v.docNumber?.trim() || null,
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
        description: v.description ?? '',
        targetGroups: { categories: v.categories ?? [], tags: v.tags ?? [], note: v.targetNote ?? '' },
        tasks: v.tasks.map((task) => ({ seq: task.seq, title: task.title, description: task.description ?? '', dueOn: task.dueOn ? task.dueOn.format('YYYY-MM-DD') : null })),
      };
      return campaign ? visitsApi.updateCampaign(campaign.id, { ...body, version: campaign.version }) : visitsApi.createCampaign(body);
    },
    onSuccess: (saved) => {
      showSuccess(editing ? t('visits.campaigns.form.saved') : t('visits.campaigns.form.launched'));
      void queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
      if (!editing) navigate(`/visits/campaigns/${saved.id}`);
    },
    onError: (error) => {
      if (isApiError(error) && error.field) {
        const name = error.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        const mapped = name[0] === 'startsOn' || name[0] === 'endsOn' ? ['period'] : name;
        form.setFields([{ name: mapped as never, errors: [error.message] }]);
      } else {
        Modal.error({ title: t('visits.campaigns.form.saveFailed'), content: error instanceof Error ? error.message : String(error) });
      }
    },
  });

  return (
    <Modal
      open={open}
      title={editing ? t('visits.campaigns.form.editTitle') : t('visits.campaigns.create')}
      width={760}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      okText={editing ? t('common.save') : t('visits.campaigns.form.launch')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="campaign-form">
        <Form.Item name="name" label={t('visits.campaigns.name')} rules={[{ required: true, min: 2, message: t('visits.campaigns.form.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('visits.campaigns.form.namePlaceholder')} data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="docNumber" label={t('visits.campaigns.form.docNumber')}>
          <Input maxLength={50} placeholder={t('visits.campaigns.form.docNumberPlaceholder')} />
        </Form.Item>
        <Form.Item name="period" label={t('visits.campaigns.form.period')} rules={[{ required: true, message: t('visits.campaigns.form.periodRequired') }]}>
          <DatePicker.RangePicker className="visit-full" data-testid="campaign-period" />
        </Form.Item>
        <Form.Item name="description" label={t('visits.campaigns.form.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="categories" label={t('visits.campaigns.form.categories')}>
          <Select mode="multiple" allowClear options={CATEGORY_KIND.options} placeholder={t('visits.campaigns.form.categoriesPlaceholder')} />
        </Form.Item>
        <Form.Item name="tags" label={t('visits.campaigns.form.tags')}>
          <Select mode="multiple" allowClear options={MEMBER_TAG.options} placeholder={t('visits.campaigns.form.tagsPlaceholder')} />
        </Form.Item>
        <Form.Item name="targetNote" label={t('visits.campaigns.form.targetNote')}>
          <Input maxLength={500} />
        </Form.Item>
        <div className="visit-label">{t('visits.campaigns.form.tasks')}</div>
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <div className="visit-task-rows">
              {fields.map((field, index) => (
                <div key={field.key} className="visit-task-row" data-testid="campaign-task-row">
                  <Form.Item name={[field.name, 'seq']} rules={[{ required: true, message: t('visits.campaigns.form.seq') }]} style={{ width: 70 }}>
                    <InputNumber min={1} max={99} placeholder={t('visits.campaigns.form.seq')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'title']} rules={[{ required: true, min: 2, message: t('visits.campaigns.form.taskTitleRequired') }]} style={{ flex: 1 }}>
                    <Input maxLength={100} placeholder={t('visits.campaigns.form.taskTitlePlaceholder', { seq: seqLabel(index + 1, lang) })} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueOn']} style={{ width: 150 }}>
                    <DatePicker placeholder={t('visits.campaigns.form.taskDue')} />
                  </Form.Item>
                  {/* A task already in the campaign cannot be removed (regions may have reported on it). */}
                  <Button
                    icon={<DeleteOutlined />}
                    disabled={fields.length <= 1 || Boolean(form.getFieldValue(['tasks', field.name, 'id']))}
                    onClick={() => remove(field.name)}
                    aria-label={t('visits.campaigns.form.removeTask')}
                  />
                  <Form.Item name={[field.name, 'description']} className="visit-task-desc">
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} placeholder={t('visits.campaigns.form.taskDescription')} />
                  </Form.Item>
                </div>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  const seqs = (form.getFieldValue('tasks') as TaskRow[] | undefined)?.map((row) => row?.seq ?? 0) ?? [];
                  add({ seq: Math.max(0, ...seqs) + 1, title: '' });
                }}
                data-testid="campaign-add-task"
              >
                {t('visits.campaigns.form.addTask')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
