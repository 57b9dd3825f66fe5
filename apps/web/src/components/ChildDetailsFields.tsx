import { Fieldset, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { ChildDetails } from '@homeward/contracts';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AnyForm } from './form-types.ts';
import { LabelledValue } from './LabelledValue.tsx';

function hukouLabel(t: TFunction, v: NonNullable<ChildDetails['hukou']>): string {
  return v === 'registered' ? t('tracing.child.hukouYes') : t('tracing.child.hukouNo');
}
function knowsLabel(t: TFunction, v: NonNullable<ChildDetails['knowsMother']>): string {
  const labels = { yes: t('tracing.child.knowsYes'), no: t('tracing.child.knowsNo'), partly: t('tracing.child.knowsPartly') };
  return labels[v];
}

/** The optional child details of a sought person (issue #7), inside the case form. */
export function ChildDetailsFields({ form, base }: { form: AnyForm; base: string }) {
  const { t } = useTranslation();
  const path = `${base}.childDetails`;
  return (
    <Fieldset legend={t('tracing.child.title')} variant="unstyled">
      <Stack gap="xs">
        <TextInput label={t('tracing.child.fatherName')} autoComplete="off" {...form.getInputProps(`${path}.fatherName`)} />
        <Textarea label={t('tracing.child.fatherFamily')} autosize minRows={1} {...form.getInputProps(`${path}.fatherFamily`)} />
        <NativeSelect
          label={t('tracing.child.hukou')}
          data={[{ value: '', label: t('common.unspecified') }, { value: 'registered', label: hukouLabel(t, 'registered') }, { value: 'not_registered', label: hukouLabel(t, 'not_registered') }]}
          {...form.getInputProps(`${path}.hukou`)}
        />
        <TextInput label={t('tracing.child.school')} autoComplete="off" {...form.getInputProps(`${path}.school`)} />
        <NativeSelect
          label={t('tracing.child.knowsMother')}
          data={[{ value: '', label: t('common.unspecified') }, ...(['yes', 'no', 'partly'] as const).map((v) => ({ value: v, label: knowsLabel(t, v) }))]}
          {...form.getInputProps(`${path}.knowsMother`)}
        />
      </Stack>
    </Fieldset>
  );
}


/** The child details on the case page; nothing when none were given. */
export function ChildDetailsView({ details }: { details: ChildDetails | undefined }) {
  const { t } = useTranslation();
  if (!details) return null;
  return (
    <Stack gap="xs" aria-label={t('tracing.child.title')} role="group">
      <Text size="sm" fw={500}>
        {t('tracing.child.title')}
      </Text>
      <div className="field-grid">
        {details.fatherName && <LabelledValue label={t('tracing.child.fatherName')}>{details.fatherName}</LabelledValue>}
        {details.hukou && <LabelledValue label={t('tracing.child.hukou')}>{hukouLabel(t, details.hukou)}</LabelledValue>}
        {details.school && <LabelledValue label={t('tracing.child.school')}>{details.school}</LabelledValue>}
        {details.knowsMother && <LabelledValue label={t('tracing.child.knowsMother')}>{knowsLabel(t, details.knowsMother)}</LabelledValue>}
      </div>
      {details.fatherFamily && <LabelledValue label={t('tracing.child.fatherFamily')}>{details.fatherFamily}</LabelledValue>}
    </Stack>
  );
}
