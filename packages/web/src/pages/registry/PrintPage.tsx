import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { ASSISTANCE_KIND, HEALTH, HOUSING_NATURE, PERSON_CATEGORY, POVERTY_REASON, RELATION } from '@doudi/domain';
import type { HouseholdView, MemberView } from '@doudi/domain';
import { isApiError } from '../../api';
import { PageSpin } from '../../components/PageSpin';
import { DISPLAY_TIME_ZONE, regionPathText } from '../../format';
import { useI18n } from '../../i18n';
import { useHousehold } from '../../queries';
import { useMe } from '../../session';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { BoxList } from './BoxList';
import { GENDER_LABELS, MEDICAL_SHORT, PENSION_SHORT, chineseDate, disabilityText, optionsOf, yuan } from './registryFormat';
import './registry.css';

/** The ideographic space (U+3000) that Chinese forms use to leave room for handwriting. */
const GAP = '\u3000';
const MIN_MEMBER_ROWS = 5;
const MIN_ASSET_ROWS = 2;

/** A label cell and a value cell of the form; `span` counts the form's twelve columns. */
function L({ children, span = 1, rows }: { children: ReactNode; span?: number; rows?: number }) {
  return (
    <th colSpan={span} rowSpan={rows} scope="row">
      {children}
    </th>
  );
}
function V({ children, span = 1, className }: { children?: ReactNode; span?: number; className?: string }) {
  return (
    <td colSpan={span} className={className}>
      {children}
    </td>
  );
}

/** A vertical label as on the paper form (家庭财产情况 written top to bottom). */
function Vertical({ text, rows }: { text: string; rows: number }) {
  return (
    <th rowSpan={rows} className="vertical" scope="rowgroup">
      {text}
    </th>
  );
}

/** Amounts as written by hand on the form: whole yuan without decimals (19560), otherwise two decimals (19560.50). */
function money(fen: number): string {
  const yuanText = yuan(fen).replace(/,/g, '');
  return fen % 100 === 0 ? yuanText.slice(0, -3) : yuanText;
}

function SurveyForm({ household: h }: { household: HouseholdView }) {
  const me = useMe();
  const head: MemberView | undefined = h.members.find((m) => m.relation === 'head') ?? h.members[0];
  const assistanceTotal = h.assistance.reduce((sum, a) => sum + a.yearlyAmount, 0);
  const assetRows = Math.max(h.housing.length, h.vehicles.length, MIN_ASSET_ROWS);
  const memberRows = Math.max(h.members.length, MIN_MEMBER_ROWS);
  const printedAt = dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD HH:mm');

  return (
    <div className="print-sheet" data-testid="print-form">
      <h1 className="print-title">农村低收入群众入户调查表</h1>
      <div className="print-meta">
        <span>所在地：{regionPathText(h.regionPath)}</span>
        <span>调查日期：{h.surveyedOn ? chineseDate(h.surveyedOn) : `${GAP}${GAP}年${GAP}${GAP}月${GAP}${GAP}日`}</span>
      </div>
      <table className="survey-table">
        <colgroup>
          {Array.from({ length: 12 }, (_, i) => (
            <col key={i} />
          ))}
        </colgroup>
        <tbody>
          <tr>
            <L>户主姓名</L>
            <V span={2} className="strong">{head?.name}</V>
            <L>性别</L>
            <V span={2}>{head ? GENDER_LABELS[head.gender] : ''}</V>
            <L>年龄</L>
            <V span={2}>{head?.age}</V>
            <L>家庭人口</L>
            <V span={2}>{h.memberCount} 人</V>
          </tr>
          <tr>
            <L>联系方式</L>
            <V span={2} className="mono">{head?.phoneMasked ?? ''}</V>
            <L>
              身份证
              <br />
              号码
            </L>
            <V span={3} className="mono">{head?.idNumberMasked}</V>
            <L>健康状况</L>
            <V>{head ? HEALTH.labels[head.health] : ''}</V>
            <L>残疾等级</L>
            <V span={2}>{head?.disabilityType ? disabilityText(head) : '无'}</V>
          </tr>
          <tr>
            <L>户籍地址</L>
            <V span={5}>{h.hukouAddress}</V>
            <L>居住地址</L>
            <V span={5}>{h.residenceAddress}</V>
          </tr>
          <tr>
            <L>工作单位</L>
            <V span={2}>{head?.schoolOrEmployer}</V>
            <L>年收入（元）</L>
            <V className="num">{head ? money(head.yearlyIncome) : ''}</V>
            <L>退休金</L>
            <V className="num">{head ? money(head.pension) : ''}</V>
            <L>养老保险</L>
            <V>{head ? PENSION_SHORT[head.pensionInsurance] : ''}</V>
            <L>医疗保险</L>
            <V span={2}>{head ? MEDICAL_SHORT[head.medicalInsurance] : ''}</V>
          </tr>
          <tr>
            <L>
              家庭贫困
              <br />
              原因
            </L>
            <V span={4} className="boxes">
              <BoxList options={optionsOf(POVERTY_REASON)} checked={h.povertyReasons} />
            </V>
            <L>
              已享受
              <br />
              救助情况
            </L>
            <V span={4} className="boxes">
              <BoxList options={optionsOf(ASSISTANCE_KIND)} checked={h.assistance.map((a) => a.kind)} />
            </V>
            <L>
              年救助
              <br />
              金额（元）
            </L>
            <V className="num">{assistanceTotal > 0 ? money(assistanceTotal) : ''}</V>
          </tr>
          <tr>
            <L>人员类别</L>
            <V span={11} className="boxes">
              <BoxList options={optionsOf(PERSON_CATEGORY)} checked={h.personCategories} />
            </V>
          </tr>

          <tr>
            <Vertical text="家庭财产情况" rows={3 + assetRows} />
            <V span={11} className="left">
              现金存款{GAP}<span className="underline">{money(h.cashDeposits)}</span>{GAP}元
            </V>
          </tr>
          <tr>
            <L rows={1 + assetRows}>住房房产情况</L>
            <L span={2}>建筑面积（㎡）</L>
            <L span={2}>房屋性质</L>
            <L span={2}>房屋地址</L>
            <L rows={1 + assetRows}>机动车（船）</L>
            <L>车型</L>
            <L span={2}>用途</L>
          </tr>
          {Array.from({ length: assetRows }, (_, i) => {
            const house = h.housing[i];
            const vehicle = h.vehicles[i];
            return (
              <tr key={`asset-${i}`} className="blank-row">
                <V span={2} className="num">{house ? house.area : ''}</V>
                <V span={2}>{house ? HOUSING_NATURE.labels[house.nature] : ''}</V>
                <V span={2} className="small">{house?.address}</V>
                <V>{vehicle?.type}</V>
                <V span={2}>{vehicle?.use}</V>
              </tr>
            );
          })}
          <tr>
            <L>其他财产</L>
            <V span={10} className="left">{h.otherAssets}</V>
          </tr>

          <tr>
            <Vertical text="家庭成员基本信息" rows={1 + memberRows} />
            <L span={2}>姓名</L>
            <L>关系</L>
            <L>年龄</L>
            <L>健康状况</L>
            <L span={3}>单位或学校</L>
            <L>年收入（元）</L>
            <L>社保</L>
            <L>医保</L>
          </tr>
          {Array.from({ length: memberRows }, (_, i) => {
            const m = h.members[i];
            return (
              <tr key={`member-${i}`} className="blank-row" data-testid={m ? 'print-member' : undefined}>
                <V span={2}>{m?.name}</V>
                <V>{m ? RELATION.labels[m.relation] : ''}</V>
                <V>{m?.age}</V>
                <V>{m ? HEALTH.labels[m.health] : ''}</V>
                <V span={3} className="small">{m?.schoolOrEmployer}</V>
                <V className="num">{m ? money(m.yearlyIncome) : ''}</V>
                <V className="small">{m ? PENSION_SHORT[m.pensionInsurance] : ''}</V>
                <V className="small">{m ? MEDICAL_SHORT[m.medicalInsurance] : ''}</V>
              </tr>
            );
          })}

          <tr className="needs-row">
            <L>困难群体诉求</L>
            <V span={11} className="left top">{h.needs}</V>
          </tr>
          <tr className="sign-row">
            <L span={2}>入户调查人员签字</L>
            <V span={4} />
            <L span={2}>困难户签字（指模）</L>
            <V span={4} />
          </tr>
        </tbody>
      </table>
      <div className="print-footer">
        <span>注：身份证号码、联系方式按个人信息保护要求脱敏打印。</span>
        <span>
          打印人：{me.displayName}{GAP}打印时间：{printedAt}
        </span>
      </div>
    </div>
  );
}

/** 打印调查表: the survey form 附件2 of one household on one A4 page, without the app frame. */
export default function PrintPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { t } = useI18n();
  const householdId = /^\d+$/.test(id) ? Number(id) : NaN;
  const valid = Number.isSafeInteger(householdId) && householdId > 0;
  const household = useHousehold(householdId, valid);
  const headName = household.data?.headName;

  useEffect(() => {
    if (!headName) return;
    // The title becomes the suggested file name when the browser prints to PDF.
    const previous = document.title;
    document.title = `入户调查表-${headName}`;
    return () => {
      document.title = previous;
    };
  }, [headName]);

  if (!valid || isApiError(household.error, 404)) return <NotFoundPage />;
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/registry/households/${householdId}`)}>
            {t('registry.print.back')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!household.data} data-testid="print-button">
            {t('registry.print.print')}
          </Button>
        </Space>
        <span className="print-hint">{t('registry.print.hint')}</span>
      </div>
      {household.data ? (
        <SurveyForm household={household.data} />
      ) : household.error ? (
        <Alert type="error" showIcon title={household.error.message} className="no-print" />
      ) : (
        <PageSpin />
      )}
    </div>
  );
}
