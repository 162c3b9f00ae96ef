import { useState } from 'react';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Pagination,
  Popconfirm,
  Row,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DUPLICATE_REASON } from '@doudi/domain';
import type { DuplicateCandidate, DuplicatePerson, ReviewDuplicateRequest } from '@doudi/domain';
import { api } from '../../api';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from './RegionPicker';
import './registry.css';

type Decision = ReviewDuplicateRequest['decision'];

function PersonBox({ person, side }: { person: DuplicatePerson; side: 'A' | 'B' }) {
  const { t } = useI18n();
  return (
    <div className="dup-person" data-testid={`dup-person-${side}`}>
      <div className="dup-person-head">
        <Tag>{side}</Tag>
        <span className="dup-person-name">{person.name}</span>
      </div>
      <dl className="dup-facts">
        <dt>{t('registry.member.idNumber')}</dt>
        <dd className="mono">{person.idNumberMasked}</dd>
        <dt>{t('registry.duplicates.birthDate')}</dt>
        <dd className="mono">{person.birthDate}</dd>
        <dt>{t('registry.duplicates.household')}</dt>
        <dd>
          <Link to={`/registry/households/${person.householdId}`}>{t('registry.household.headOf', { name: person.headName })}</Link>
        </dd>
        <dt>{t('registry.household.village')}</dt>
        <dd>{person.regionName}</dd>
      </dl>
    </div>
  );
}

function ReviewModal({ pair, decision, onClose }: { pair: DuplicateCandidate; decision: Decision; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const review = useMutation({
    mutationFn: (body: ReviewDuplicateRequest) => api.reviewDuplicate(body),
    onSuccess: () => {
      showSuccess(t('registry.duplicates.reviewed'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.duplicates });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={decision === 'duplicate' ? t('registry.duplicates.confirmDuplicate') : t('registry.duplicates.confirmDistinct')}
      okText={t('common.confirm')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={review.isPending}
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'dup-review-submit' } as Record<string, string>}
    >
      <Typography.Paragraph>
        {t(decision === 'duplicate' ? 'registry.duplicates.duplicateHelp' : 'registry.duplicates.distinctHelp', {
          a: pair.a.name,
          b: pair.b.name,
        })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => review.mutate({ memberA: pair.a.memberId, memberB: pair.b.memberId, decision, note: v.note?.trim() ?? '' })}
      >
        <Form.Item
          name="note"
          label={t('registry.duplicates.note')}
          rules={decision === 'duplicate' ? [{ required: true, whitespace: true, message: t('registry.duplicates.noteRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('registry.duplicates.notePlaceholder')} data-testid="dup-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Revoke({ reviewId }: { reviewId: number }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api.revokeDuplicateReview(reviewId),
    onSuccess: () => {
      showSuccess(t('registry.duplicates.revoked'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.duplicates });
    },
  });
  return (
    <Popconfirm
      title={t('registry.duplicates.revokeConfirm')}
      onConfirm={() => revoke.mutateAsync()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
    >
      <Button size="small" loading={revoke.isPending} data-testid="dup-revoke">
        {t('registry.duplicates.revoke')}
      </Button>
    </Popconfirm>
  );
}

function PairCard({ pair, canWrite, onReview }: { pair: DuplicateCandidate; canWrite: boolean; onReview: (d: Decision) => void }) {
  const { t } = useI18n();
  const review = pair.review;
  return (
    <Card
      size="small"
      className="dup-card"
      data-testid="dup-pair"
      title={<Tag color="orange">{DUPLICATE_REASON.labels[pair.reason]}</Tag>}
      extra={
        review ? (
          <Space wrap>
            <Tag color={review.decision === 'duplicate' ? 'red' : 'green'}>
              {review.decision === 'duplicate' ? t('registry.duplicates.isDuplicate') : t('registry.duplicates.isDistinct')}
            </Tag>
            {canWrite ? <Revoke reviewId={review.id} /> : null}
          </Space>
        ) : canWrite ? (
          <Space wrap>
            <Button size="small" danger onClick={() => onReview('duplicate')} data-testid="dup-mark-duplicate">
              {t('registry.duplicates.markDuplicate')}
            </Button>
            <Button size="small" onClick={() => onReview('distinct')} data-testid="dup-mark-distinct">
              {t('registry.duplicates.markDistinct')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <PersonBox person={pair.a} side="A" />
        </Col>
        <Col xs={24} md={12}>
          <PersonBox person={pair.b} side="B" />
        </Col>
      </Row>
      {review ? (
        <div className="dup-review">
          {review.reviewedBy} · {formatDateTime(review.reviewedAt)}
          {review.note ? `：${review.note}` : ''}
        </div>
      ) : null}
    </Card>
  );
}

/** 疑似重复: people who may be the same person registered twice, side by side, to confirm or clear. */
export default function DuplicatesPage() {
  const me = useMe();
  const { t } = useI18n();
  const canWrite = hasPermission(me, 'registry.write');
  const [status, setStatus] = useState<'open' | 'reviewed'>('open');
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [reviewing, setReviewing] = useState<{ pair: DuplicateCandidate; decision: Decision } | null>(null);
  const pageSize = 10;

  const list = useQuery({
    queryKey: [...queryKeys.duplicates, status, regionCode ?? null, page],
    queryFn: () => api.duplicates({ status, regionCode, page, pageSize }),
    // Keep the list while paging, not when switching between the open and reviewed tabs.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === status ? previous : undefined),
  });
  const items = list.data?.items ?? [];

  return (
    <div className="page registry-page">
      <Breadcrumb
        className="region-breadcrumb"
        items={[{ key: 'registry', title: <Link to="/registry">{t('registry.title')}</Link> }, { key: 'dup', title: t('registry.duplicates.title') }]}
      />
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('registry.duplicates.title')}
        </Typography.Title>
        <RegionPicker
          root={me.region}
          value={regionCode}
          placeholder={t('registry.list.regionPlaceholder')}
          style={{ width: 320, maxWidth: '100%' }}
          onChange={(code) => {
            setRegionCode(code === me.region.code ? undefined : code);
            setPage(1);
          }}
        />
      </div>
      <Typography.Paragraph type="secondary">{t('registry.duplicates.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={status}
        onChange={(key) => {
          setStatus(key as typeof status);
          setPage(1);
        }}
        items={[
          { key: 'open', label: t('registry.duplicates.open') },
          { key: 'reviewed', label: t('registry.duplicates.reviewedTab') },
        ]}
      />
      <Spin spinning={list.isFetching}>
        {items.length === 0 && !list.isPending ? (
          <Card>
            <Empty description={status === 'open' ? t('registry.duplicates.emptyOpen') : t('registry.duplicates.emptyReviewed')} />
          </Card>
        ) : (
          <div className="dup-list" data-testid="dup-list">
            {items.map((pair) => (
              <PairCard
                key={`${pair.a.memberId}-${pair.b.memberId}`}
                pair={pair}
                canWrite={canWrite}
                onReview={(decision) => setReviewing({ pair, decision })}
              />
            ))}
          </div>
        )}
      </Spin>
      {(list.data?.total ?? 0) > pageSize ? (
        <Pagination
          current={page}
          pageSize={pageSize}
          total={list.data?.total ?? 0}
          showSizeChanger={false}
          showTotal={(n) => t('common.total', { total: n })}
          onChange={setPage}
        />
      ) : null}
      {reviewing ? <ReviewModal pair={reviewing.pair} decision={reviewing.decision} onClose={() => setReviewing(null)} /> : null}
    </div>
  );
}
