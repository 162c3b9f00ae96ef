import { useState } from 'react';
import { Form, Input, List, Modal, Select, Switch, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { CHILD_CATEGORY, type ChildCategory, type HouseholdView } from '@doudi/domain';
import { api } from '../../api';
import { showFormError } from '../../feedback';
import { useI18n } from '../../i18n';
import { careApi } from './careApi';

/** Adds a registry child the identification did not find (a category the registry does not record) to the list. */
export function AddChildModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: number) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [household, setHousehold] = useState<HouseholdView | null>(null);
  const [form] = Form.useForm<{ memberId: number; categories: ChildCategory[]; hiv: boolean }>();
  const found = useQuery({ queryKey: ['care', 'add-child', q], queryFn: () => api.households({ q, page: 1, pageSize: 10 } as never), enabled: open && q.length > 0 });
  const create = useMutation({
    mutationFn: (v: { memberId: number; categories: ChildCategory[]; hiv: boolean }) => careApi.createChild(v),
    onSuccess: (d) => { setHousehold(null); setQ(''); onDone(d.id); },
    onError: (e) => showFormError(form, e, ['memberId', 'categories']),
  });
  const children = (household?.members ?? []).filter((m) => m.age < 18);
  return (
    <Modal open={open} title={t('care.add.title')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ disabled: !household }}
      confirmLoading={create.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('care.add.help')}</Typography.Paragraph>
      <Input.Search placeholder={t('care.add.search')} onSearch={(v) => { setQ(v.trim()); setHousehold(null); }} allowClear data-testid="add-child-search" />
      {!household ? (
        <List
          size="small"
          loading={found.isFetching}
          dataSource={found.data?.items ?? []}
          renderItem={(h) => (
            <List.Item onClick={() => void api.household(h.id).then(setHousehold)} style={{ cursor: 'pointer' }}>
              {h.headName} · {h.regionName}
            </List.Item>
          )}
        />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ categories: ['difficulty'], hiv: false }} style={{ marginTop: 12 }}>
          <Form.Item name="memberId" label={t('care.add.child')} rules={[{ required: true, message: t('care.add.pick') }]}>
            <Select options={children.map((m) => ({ value: m.id, label: t('care.add.childOption', { name: m.name, age: m.age }) }))} notFoundContent={t('care.add.noChild')} data-testid="add-child-member" />
          </Form.Item>
          <Form.Item name="categories" label={t('care.form.categories')} rules={[{ required: true, message: t('care.form.categoriesRequired') }]}>
            <Select mode="multiple" options={CHILD_CATEGORY.options} />
          </Form.Item>
          <Form.Item name="hiv" label={t('care.hiv')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      )}
    </Modal>
  );
}
