import { Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DATE_MODES, type DateFields } from '../lib/partial-date.ts';
import { getAt, type AnyForm } from './form-types.ts';
import { GroupError } from './Messages.tsx';

/**
 * A date known only as precisely as someone remembers it: a year, a month, a
 * day, or "about N years old in YEAR". Nothing more precise is ever invented.
 */
export function PartialDateField({
  form,
  path,
  label,
  required = false,
}: {
  form: AnyForm;
  path: string;
  label: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const value = getAt(form.getValues(), path) as DateFields;
  const modes = required ? DATE_MODES.filter((m) => m !== 'none') : DATE_MODES;
  const number = { inputMode: 'numeric' as const, w: 96, autoComplete: 'off' };
  return (
    <div role="group" aria-labelledby={id}>
      <Text id={id} size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <NativeSelect
          label={t('date.precision')}
          data={modes.map((m) => ({ value: m, label: t(`date.mode.${m}`) }))}
          {...form.getInputProps(`${path}.mode`)}
        />
        {(value.mode === 'year' || value.mode === 'month' || value.mode === 'day') && (
          <TextInput label={t('date.year')} {...number} {...form.getInputProps(`${path}.year`)} />
        )}
        {(value.mode === 'month' || value.mode === 'day') && (
          <TextInput label={t('date.month')} {...number} {...form.getInputProps(`${path}.month`)} />
        )}
        {value.mode === 'day' && (
          <TextInput label={t('date.day')} {...number} {...form.getInputProps(`${path}.day`)} />
        )}
        {value.mode === 'age' && (
          <>
            <TextInput label={t('date.age')} {...number} {...form.getInputProps(`${path}.approxAge`)} />
            <TextInput label={t('date.atYear')} {...number} {...form.getInputProps(`${path}.atYear`)} />
          </>
        )}
      </Group>
      <GroupError error={form.errors[path]} />
    </div>
  );
}
