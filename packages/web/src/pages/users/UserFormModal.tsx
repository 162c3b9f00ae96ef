import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Password,
  Phone,
  Role,
  Username,
  canGrantRole,
  regionLevel,
  roleAllowsRegionLevel,
} from '@doudi/domain';
import type { CreateUserRequest, RegionLevel, UpdateUserRequest, UserSummary } from '@doudi/domain';
import { api } from '../../api';
import { RegionCascader } from '../../components/RegionCascader';
import { showFormError, showSuccess } from '../../feedback';
import { blankToUndefined, schemaRule } from '../../forms';
import { roleLabel, useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { useMe } from '../../session';

/** Roles the signed-in administrator may grant, limited to those allowed at `level` when a region is chosen. */
function useRoleOptions(level: RegionLevel | undefined, current?: Role) {
  const me = useMe();
  const { lang } = useI18n();
  return Role.options
    .filter((role) => role === current || canGrantRole(me.role, role))
    .filter((role) => level === undefined || roleAllowsRegionLevel(role, level))
    .map((role) => ({ value: role, label: roleLabel(role, lang), disabled: !canGrantRole(me.role, role) }));
}

function safeLevel(code: string | undefined): RegionLevel | undefined {
  if (!code) return undefined;
  try {
    return regionLevel(code);
  } catch {
    return undefined;
  }
}

interface CreateValues {
  username: string;
  displayName: string;
  regionCode?: string;
  role?: Role;
  password: string;
  phone?: string;
}

const CREATE_FIELDS = ['username', 'displayName', 'regionCode', 'role', 'password', 'phone'] as const;

export function CreateUserModal({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const regionCode = Form.useWatch('regionCode', form);
  const level = safeLevel(regionCode);
  const roleOptions = useRoleOptions(level);

  const create = useMutation({
    mutationFn: (body: CreateUserRequest) => api.createUser(body),
    meta: { form: true },
    onSuccess: (user) => {
      showSuccess(t('users.created', { name: user.displayName }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      onClose();
    },
    onError: (error) => showFormError(form, error, CREATE_FIELDS),
  });

  const onFinish = (values: CreateValues) => {
    if (!values.regionCode || !values.role) return;
    create.mutate({
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      regionCode: values.regionCode,
      role: values.role,
      password: values.password,
      phone: blankToUndefined(values.phone),
    });
  };

  return (
    <Modal
      open
      title={t('users.create')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      mask={{ closable: false }}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={(changed: Partial<CreateValues>, all) => {
          // A new region may rule out the role already chosen (a village worker cannot sit at county level).
          if ('regionCode' in changed && all.role) {
            const newLevel = safeLevel(changed.regionCode);
            if (newLevel !== undefined && !roleAllowsRegionLevel(all.role, newLevel)) {
              form.setFieldValue('role', undefined);
            }
          }
        }}
        data-testid="user-create-form"
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[{ required: true, message: t('users.usernameRequired') }, schemaRule(Username)]}
        >
          <Input autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={32} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') },
            { max: 50, message: t('users.displayNameTooLong') },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('users.region')} rules={[{ required: true, message: t('users.regionRequired') }]}>
          <RegionCascader root={me.region} placeholder={t('regions.cascaderPlaceholder')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          extra={level === undefined ? t('users.roleRegionHint') : undefined}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select options={roleOptions} placeholder={t('users.roleRequired')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('users.passwordHelp')}
          rules={[{ required: true, message: t('users.passwordRequired') }, schemaRule(Password)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[schemaRule(Phone)]}>
          <Input inputMode="tel" autoComplete="off" maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  role: Role;
  phone?: string;
  clearPhone?: boolean;
  password?: string;
}

const EDIT_FIELDS = ['displayName', 'role', 'phone', 'password'] as const;

export function EditUserModal({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const roleOptions = useRoleOptions(safeLevel(user.regionCode), user.role);
  const clearPhone = Form.useWatch('clearPhone', form);

  const update = useMutation({
    mutationFn: (body: UpdateUserRequest) => api.updateUser(user.id, body),
    meta: { form: true },
    onSuccess: () => {
      showSuccess(t('users.saved'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      onClose();
    },
    onError: (error) => showFormError(form, error, EDIT_FIELDS),
  });

  const onFinish = (values: EditValues) => {
    const body: UpdateUserRequest = {};
    const displayName = values.displayName.trim();
    if (displayName !== user.displayName) body.displayName = displayName;
    if (values.role !== user.role) body.role = values.role;
    if (values.clearPhone) body.phone = null;
    else if (blankToUndefined(values.phone)) body.phone = blankToUndefined(values.phone);
    if (values.password) body.password = values.password;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    update.mutate(body);
  };

  return (
    <Modal
      open
      title={t('users.editTitle', { name: user.displayName })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      mask={{ closable: false }}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ displayName: user.displayName, role: user.role }}
        data-testid="user-edit-form"
      >
        <Form.Item label={t('users.username')}>
          <Input value={user.username} disabled />
        </Form.Item>
        <Form.Item label={t('users.region')}>
          <Input value={user.regionName} disabled />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') },
            { max: 50, message: t('users.displayNameTooLong') },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
          <Select options={roleOptions} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.phone')}
          extra={user.phone ? t('users.phoneHelpEdit', { phone: user.phone }) : undefined}
          rules={[schemaRule(Phone)]}
        >
          <Input inputMode="tel" autoComplete="off" maxLength={20} disabled={clearPhone === true} />
        </Form.Item>
        {user.phone ? (
          <Form.Item name="clearPhone" valuePropName="checked" className="form-item-tight">
            <Checkbox>{t('users.clearPhone')}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item
          name="password"
          label={t('users.resetPassword')}
          extra={t('users.resetPasswordHelp')}
          rules={[schemaRule(Password)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
