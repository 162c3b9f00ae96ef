import { useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { NotificationView } from '@doudi/domain';
import { useI18n } from '../i18n';
import { hazardKeys, hazardsApi } from '../pages/hazards/hazardsApi';
import { formatTime } from '../pages/hazards/hazardsFormat';
import { usePhone } from '../hooks/usePhone';
import '../pages/hazards/hazards.css';

/**
 * The bell in the header: unread count (polled every minute) and the latest notifications; a click opens the link. On a
 * desktop the list drops down from the bell; on a phone, where a drop-down would run off the narrow screen, it slides in
 * from the top across the whole width.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const phone = usePhone();
  const list = useQuery({
    queryKey: hazardKeys.notifications,
    queryFn: hazardsApi.notifications,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    meta: { silent: true },
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: hazardKeys.notifications });
  const read = useMutation({ mutationFn: hazardsApi.readNotification, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: hazardsApi.readAllNotifications, onSuccess: refresh });
  const openItem = (n: NotificationView) => {
    if (!n.read) read.mutate(n.id);
    setOpen(false);
    if (n.link?.startsWith('/')) void navigate(n.link);
  };
  const unread = list.data?.unread ?? 0;
  const content = (
    <div className="notification-list" data-testid="notification-list">
      {!list.data?.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.notifications.empty')} /> : (
        <List
          size="small"
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item className={n.read ? undefined : 'notification-item-unread'} onClick={() => openItem(n)} style={{ cursor: 'pointer' }} data-testid="notification-item">
              <List.Item.Meta
                title={<span>{n.read ? null : <Badge status="processing" />} {n.title}</span>}
                description={<><Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 2 }}>{n.body}</Typography.Paragraph><Typography.Text type="secondary">{formatTime(n.createdAt)}</Typography.Text></>}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  const title = (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
      <span>{t('hazards.notifications.title')}</span>
      {unread ? <Button type="link" size="small" onClick={() => readAll.mutate()} data-testid="notification-read-all">{t('hazards.notifications.readAll')}</Button> : null}
    </div>
  );
  const bell = (
    <Button type="text" aria-label={t('hazards.notifications.title')} data-testid="notification-bell" onClick={phone ? () => setOpen(true) : undefined}
      icon={<Badge count={unread} size="small" overflowCount={99}><BellOutlined style={{ fontSize: 18 }} /></Badge>} />
  );
  if (phone) {
    return (
      <>
        {bell}
        <Drawer open={open} onClose={() => setOpen(false)} placement="top" size="auto" title={title} styles={{ body: { padding: 0 } }}>
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" content={content} title={title}>
      {bell}
    </Popover>
  );
}
