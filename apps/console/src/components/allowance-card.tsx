import type { ConsoleAllowance, ConsoleBenefit } from '@birth/console-api';
import { Card, Empty, Statistic, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';
import { BENEFIT_LABEL, chinaTime, ITEM_STATE_COLOR, PAYMENT_LABEL, stateLabel, yuan } from '../labels';

/** The allowance: the amount, each benefit and the allowance service's explanation. */
export function AllowanceCard({ allowance }: { allowance: ConsoleAllowance | null }) {
  const { t, pick } = useI18n();
  if (!allowance) {
    return (
      <Card title={t('allowance')} data-testid="allowance">
        <Empty description={t('noAllowance')} />
      </Card>
    );
  }
  const label = stateLabel(allowance.state);
  return (
    <Card title={t('allowance')} data-testid="allowance" extra={<Tag color={ITEM_STATE_COLOR[allowance.state as keyof typeof ITEM_STATE_COLOR]}>{label ? t(label) : allowance.state}</Tag>}>
      <Statistic title={t('amount')} value={yuan(allowance.totalAmountFen)} />
      <Table<ConsoleBenefit>
        style={{ marginTop: 16 }}
        size="small"
        rowKey={(b) => `${b.benefit}-${b.beneficiary}`}
        pagination={false}
        dataSource={allowance.benefits}
        columns={[
          { title: t('benefit'), key: 'benefit', render: (_: unknown, b) => (BENEFIT_LABEL[b.benefit] ? t(BENEFIT_LABEL[b.benefit]!) : b.benefit) },
          { title: t('beneficiary'), key: 'beneficiary', render: (_: unknown, b) => t(b.beneficiary) },
          { title: t('days'), key: 'days', render: (_: unknown, b) => b.days ?? '—' },
          { title: t('amount'), key: 'amount', render: (_: unknown, b) => yuan(b.amountFen) },
          { title: t('payment'), key: 'payment', render: (_: unknown, b) => `${PAYMENT_LABEL[b.paymentState] ? t(PAYMENT_LABEL[b.paymentState]!) : b.paymentState}${b.paidAt ? ` ${chinaTime(b.paidAt)}` : ''}` },
        ]}
      />
      {allowance.explanation && (
        <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }} data-testid="allowance-explanation">
          <Typography.Text strong>{t('explanation')}：</Typography.Text>
          {pick(allowance.explanation)}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
