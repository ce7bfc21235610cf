import type { ConsoleStepSummary } from '@birth/console-api';
import { Space, Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n';
import { ITEM_STATE_COLOR, itemLabel, stateLabel } from '../labels';

/** Each step of a case as a coloured tag: the item, its state on hover. */
export function StepTags({ steps }: { steps: ConsoleStepSummary[] }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      {steps.map((step) => {
        const item = itemLabel(step.item);
        const state = stateLabel(step.state);
        return (
          <Tooltip key={step.item} title={state ? t(state) : step.state}>
            <Tag color={ITEM_STATE_COLOR[step.state as keyof typeof ITEM_STATE_COLOR] ?? 'default'}>{item ? t(item) : step.item}</Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}
