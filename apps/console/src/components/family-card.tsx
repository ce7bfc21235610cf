import type { ConsoleCasePage, ConsoleMaskedPerson, ConsoleRevealableField } from '@birth/console-api';
import { Card, Col, Descriptions, Empty, Row } from 'antd';
import { useI18n } from '../i18n';
import { chinaTime, SEX_LABEL } from '../labels';
import { RevealField } from './reveal-field';

/** The family, masked, each personal field with its own "显示完整"; and the newborn. */
export function FamilyCard({ data }: { data: ConsoleCasePage }) {
  const { t } = useI18n();
  const { family, newborn } = data;
  const person = (who: 'mother' | 'father', p: ConsoleMaskedPerson) => (
    <Descriptions size="small" column={1} title={t(who)} bordered data-testid={`family-${who}`}>
      <Descriptions.Item label={t('name')}>
        <RevealField caseId={data.caseId} field={`${who}.name` as ConsoleRevealableField} masked={p.name} />
      </Descriptions.Item>
      <Descriptions.Item label={t('idNumber')}>
        <RevealField caseId={data.caseId} field={`${who}.idNumber` as ConsoleRevealableField} masked={p.idNumber} />
      </Descriptions.Item>
      <Descriptions.Item label={t('phone')}>
        <RevealField caseId={data.caseId} field={`${who}.phone` as ConsoleRevealableField} masked={p.phone} />
      </Descriptions.Item>
      <Descriptions.Item label={t('bankAccount')}>
        <RevealField
          caseId={data.caseId}
          field={`${who}.bankAccount` as ConsoleRevealableField}
          masked={p.bankAccount ? `${p.bankAccount.bankName} ${p.bankAccount.accountNumber} ${p.bankAccount.accountName}` : null}
        />
      </Descriptions.Item>
    </Descriptions>
  );
  return (
    <Card title={t('family')} data-testid="family">
      {family ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={8}>
            {person('mother', family.mother)}
          </Col>
          <Col xs={24} lg={8}>
            {family.father ? person('father', family.father) : <Descriptions title={t('father')} />}
          </Col>
          <Col xs={24} lg={8}>
            <Descriptions size="small" column={1} title={t('newborn')} bordered data-testid="newborn">
              <Descriptions.Item label={t('name')}>
                {newborn?.name ? <RevealField caseId={data.caseId} field="newborn.name" masked={newborn.name} /> : <span data-testid="newborn-unnamed">{t('noName')}</span>}
              </Descriptions.Item>
              <Descriptions.Item label={t('sex')}>{newborn ? t(SEX_LABEL[newborn.sex] ?? 'sex9') : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('bornAt')}>{chinaTime(newborn?.bornAt)}</Descriptions.Item>
              <Descriptions.Item label={t('weight')}>{newborn ? `${newborn.weightGrams} g` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('contactPhone')}>
                <RevealField caseId={data.caseId} field="contactPhone" masked={family.contactPhone} />
              </Descriptions.Item>
              <Descriptions.Item label={t('householdHead')}>
                <RevealField caseId={data.caseId} field="householdHeadName" masked={family.householdHeadName} />
              </Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
      ) : (
        <Empty description={t('notHeld')} />
      )}
    </Card>
  );
}
