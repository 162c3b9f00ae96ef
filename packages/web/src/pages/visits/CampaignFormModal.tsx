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
export const seqLabel = (seq: number) => (seq <= 10 ? CN_NUM[seq - 1] : String(seq));

export function CampaignFormModal({ open, campaign, onClose }: { open: boolean; campaign?: CampaignDetail; onClose: () => void }) {
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
        tasks: campaign.tasks.map((t) => ({ id: t.id, seq: t.seq, title: t.title, description: t.description, dueOn: t.dueOn ? dayjs(t.dueOn) : null })),
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
        tasks: v.tasks.map((t) => ({ seq: t.seq, title: t.title, description: t.description ?? '', dueOn: t.dueOn ? t.dueOn.format('YYYY-MM-DD') : null })),
      };
      return campaign ? visitsApi.updateCampaign(campaign.id, { ...body, version: campaign.version }) : visitsApi.createCampaign(body);
    },
    onSuccess: (saved) => {
      showSuccess(editing ? '专项行动已保存' : '专项行动已发起，下级区域即可看到');
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
        Modal.error({ title: '未能保存', content: error instanceof Error ? error.message : String(error) });
      }
    },
  });

  return (
    <Modal
      open={open}
      title={editing ? '修改专项行动' : '发起专项行动'}
      width={760}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      okText={editing ? '保存' : '发起'}
      cancelText="取消"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="campaign-form">
        <Form.Item name="name" label="行动名称" rules={[{ required: true, min: 2, message: '请填写行动名称' }]}>
          <Input maxLength={100} placeholder="如：2026年冬春困难群众救助帮扶专项行动" data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="docNumber" label="文号">
          <Input maxLength={50} placeholder="如：川民发〔2023〕133号" />
        </Form.Item>
        <Form.Item name="period" label="行动期限" rules={[{ required: true, message: '请选择开始和结束日期' }]}>
          <DatePicker.RangePicker className="visit-full" data-testid="campaign-period" />
        </Form.Item>
        <Form.Item name="description" label="行动说明">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="categories" label="对象范围：保障类别">
          <Select mode="multiple" allowClear options={CATEGORY_KIND.options} placeholder="不选为全部低收入人口" />
        </Form.Item>
        <Form.Item name="tags" label="对象范围：人员标识">
          <Select mode="multiple" allowClear options={MEMBER_TAG.options} placeholder="如：独居老人、留守儿童" />
        </Form.Item>
        <Form.Item name="targetNote" label="对象范围说明">
          <Input maxLength={500} />
        </Form.Item>
        <div className="visit-label">任务（每行一项，可增加）</div>
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <div className="visit-task-rows">
              {fields.map((field, index) => (
                <div key={field.key} className="visit-task-row" data-testid="campaign-task-row">
                  <Form.Item name={[field.name, 'seq']} rules={[{ required: true, message: '序号' }]} style={{ width: 70 }}>
                    <InputNumber min={1} max={99} placeholder="序号" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'title']} rules={[{ required: true, min: 2, message: '请填写任务名称' }]} style={{ flex: 1 }}>
                    <Input maxLength={100} placeholder={`任务${seqLabel(index + 1)}名称`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueOn']} style={{ width: 150 }}>
                    <DatePicker placeholder="完成时限" />
                  </Form.Item>
                  {/* A task already in the campaign cannot be removed (regions may have reported on it). */}
                  <Button
                    icon={<DeleteOutlined />}
                    disabled={fields.length <= 1 || Boolean(form.getFieldValue(['tasks', field.name, 'id']))}
                    onClick={() => remove(field.name)}
                    aria-label="删除任务"
                  />
                  <Form.Item name={[field.name, 'description']} className="visit-task-desc">
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} placeholder="任务要求（可选）" />
                  </Form.Item>
                </div>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  const seqs = (form.getFieldValue('tasks') as TaskRow[] | undefined)?.map((t) => t?.seq ?? 0) ?? [];
                  add({ seq: Math.max(0, ...seqs) + 1, title: '' });
                }}
                data-testid="campaign-add-task"
              >
                增加任务
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
