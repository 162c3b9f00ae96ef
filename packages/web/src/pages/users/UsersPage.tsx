import { useState } from 'react';
import { Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Role } from '@doudi/domain';
import type { UserSummary } from '@doudi/domain';
import { api } from '../../api';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { roleLabel, useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { RevealPhoneModal } from './RevealPhoneModal';
import { CreateUserModal, EditUserModal } from './UserFormModal';
import { usePhone } from '../../hooks/usePhone';

interface Filters {
  q?: string;
  role?: Role;
}

type Status = 'active' | 'disabled' | 'locked';

function userStatus(user: UserSummary): Status {
  if (user.disabled) return 'disabled';
  if (user.lockedUntil && dayjs(user.lockedUntil).isAfter(dayjs())) return 'locked';
  return 'active';
}

function StatusTag({ user }: { user: UserSummary }) {
  const { t } = useI18n();
  const status = userStatus(user);
  if (status === 'disabled') return <Tag>{t('users.statusDisabled')}</Tag>;
  if (status === 'locked') {
    return (
      <Tag color="orange" title={formatDateTime(user.lockedUntil)}>
        {t('users.statusLocked')}
      </Tag>
    );
  }
  return <Tag color="green">{t('users.statusActive')}</Tag>;
}

function ToggleDisabled({ user }: { user: UserSummary }) {
  const me = useMe();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => api.updateUser(user.id, { disabled: !user.disabled }),
    onSuccess: (updated) => {
      showSuccess(t(updated.disabled ? 'users.disabled' : 'users.enabled', { name: updated.displayName }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
  const isSelf = user.id === me.id;
  return (
    <Popconfirm
      title={t(user.disabled ? 'users.enableConfirm' : 'users.disableConfirm', { name: user.displayName })}
      onConfirm={() => toggle.mutateAsync()}
      disabled={isSelf}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
    >
      <Button
        type="link"
        size="small"
        danger={!user.disabled}
        disabled={isSelf}
        title={isSelf ? t('users.self') : undefined}
        loading={toggle.isPending}
      >
        {user.disabled ? t('users.enable') : t('users.disable')}
      </Button>
    </Popconfirm>
  );
}

/** 用户管理: accounts inside the administrator's jurisdiction. */
export default function UsersPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const [revealing, setRevealing] = useState<UserSummary | null>(null);
  const [revealed, setRevealed] = useState<Record<number, string>>({});
  const canReveal = hasPermission(me, 'personal.reveal');
  // On a phone the table scrolls sideways; a pinned actions column would leave no room for the rest.
  const isMobile = usePhone();

  const users = useQuery({
    queryKey: [...queryKeys.users, 'list', filters, page, pageSize],
    queryFn: () => api.users({ q: filters.q, role: filters.role, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<UserSummary> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      width: 150,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t('users.displayName'),
      dataIndex: 'displayName',
      width: 110,
      render: (name: string) => <span className="nowrap">{name}</span>,
    },
    { title: t('users.role'), dataIndex: 'role', width: 180, render: (role: Role) => roleLabel(role, lang) },
    { title: t('users.region'), dataIndex: 'regionName', width: 120 },
    {
      title: t('users.phone'),
      dataIndex: 'phone',
      width: 200,
      render: (phone: string | null, user) => {
        if (!phone) return <Typography.Text type="secondary">—</Typography.Text>;
        const full = revealed[user.id];
        return (
          <Space size={4} wrap={false} className="nowrap">
            <span className="mono" data-testid={`phone-${user.id}`}>
              {full ?? phone}
            </span>
            {canReveal && !full ? (
              <Button
                type="link"
                size="small"
                icon={<EyeOutlined />}
                onClick={() => setRevealing(user)}
                data-testid={`reveal-${user.id}`}
              >
                {t('users.reveal')}
              </Button>
            ) : null}
          </Space>
        );
      },
    },
    { title: t('users.status'), key: 'status', width: 90, render: (_, user) => <StatusTag user={user} /> },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (at: string | null) =>
        at ? <span className="nowrap">{formatDateTime(at)}</span> : <Typography.Text type="secondary">{t('users.neverLoggedIn')}</Typography.Text>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: isMobile ? undefined : 'right',
      width: 120,
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <ToggleDisabled user={user} />
        </Space>
      ),
    },
  ];

  const applyFilters = (values: Filters) => {
    setFilters({ q: values.q?.trim() || undefined, role: values.role });
    setPage(1);
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
          {t('users.create')}
        </Button>
      </div>
      <Card size="small" className="filter-card">
        <Form<Filters> form={filterForm} layout="inline" onFinish={applyFilters} className="filter-form">
          <Form.Item name="q">
            <Input allowClear placeholder={t('users.keyword')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="role">
            <Select
              allowClear
              placeholder={t('users.rolePlaceholder')}
              style={{ width: 220 }}
              options={Role.options.map((role) => ({ value: role, label: roleLabel(role, lang) }))}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  filterForm.resetFields();
                  applyFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<UserSummary>
          data-testid="users-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (nextPage, nextSize) => {
              setPage(nextSize === pageSize ? nextPage : 1);
              setPageSize(nextSize);
            },
          }}
        />
      </Card>
      {creating ? <CreateUserModal onClose={() => setCreating(false)} /> : null}
      {editing ? <EditUserModal user={editing} onClose={() => setEditing(null)} /> : null}
      {revealing ? (
        <RevealPhoneModal
          user={revealing}
          onRevealed={(value) => setRevealed((prev) => ({ ...prev, [revealing.id]: value }))}
          onClose={() => setRevealing(null)}
        />
      ) : null}
    </div>
  );
}
