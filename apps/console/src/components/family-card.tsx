import type { ConsoleCasePage, ConsoleMaskedPerson, ConsoleRevealableField } from '@birth/console-api';
import { Card, Col, Descriptions, Empty, Row } from 'antd';
import { useI18n } from '../i18n';
import { chinaTime, SEX_LABEL } from '../labels';
import { RevealField } from './reveal-field';

/** The family, masked, each personal field with its own "显示完整"; and the newborn. */
export function FamilyCard({ data }: { data: ConsoleCasePage }) {
  const { t } = useI18n();
  const { family, newborn, caseId } = data;
  const reveal = (field: ConsoleRevealableField, masked: string | null) => <RevealField caseId={caseId} field={field} masked={masked} />;
  const person = (who: 'mother' | 'father', p: ConsoleMaskedPerson) => (
    <Descriptions
      size="small"
      column={1}
      title={t(who)}
      bordered
      items={[
        { key: 'name', label: t('name'), children: reveal(`${who}.name`, p.name) },
        { key: 'idNumber', label: t('idNumber'), children: reveal(`${who}.idNumber`, p.idNumber) },
        { key: 'phone', label: t('phone'), children: reveal(`${who}.phone`, p.phone) },
        {
          key: 'bankAccount',
          label: t('bankAccount'),
          children: reveal(`${who}.bankAccount`, p.bankAccount ? `${p.bankAccount.bankName} ${p.bankAccount.accountNumber} ${p.bankAccount.accountName}` : null),
        },
      ]}
    />
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
            <Descriptions
              size="small"
              column={1}
              title={t('newborn')}
              bordered
              items={[
                {
                  key: 'name',
                  label: t('name'),
                  children: newborn?.name ? reveal('newborn.name', newborn.name) : <span data-testid="newborn-unnamed">{t('noName')}</span>,
                },
                {
                  key: 'citizenIdNumber',
                  label: t('citizenIdNumber'),
                  children: newborn?.citizenIdNumber ? reveal('newborn.citizenIdNumber', newborn.citizenIdNumber) : <span data-testid="newborn-no-number">{t('notAssigned')}</span>,
                },
                { key: 'sex', label: t('sex'), children: newborn ? t(SEX_LABEL[newborn.sex] ?? 'sex9') : '—' },
                { key: 'bornAt', label: t('bornAt'), children: chinaTime(newborn?.bornAt) },
                { key: 'weight', label: t('weight'), children: newborn ? `${newborn.weightGrams} g` : '—' },
                { key: 'contactPhone', label: t('contactPhone'), children: reveal('contactPhone', family.contactPhone) },
                { key: 'householdHead', label: t('householdHead'), children: reveal('householdHeadName', family.householdHeadName) },
              ]}
            />
          </Col>
        </Row>
      ) : (
        <Empty description={t('notHeld')} />
      )}
    </Card>
  );
}
