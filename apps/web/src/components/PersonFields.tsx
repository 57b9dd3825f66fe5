import { Fieldset, Group, NativeSelect, Stack, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RELATIONS, SEXES } from '../api/types.ts';
import type { AnyForm } from './form-types.ts';
import { ChildDetailsFields } from './ChildDetailsFields.tsx';
import { GroupError } from './Messages.tsx';
import { NamesEditor } from './NamesEditor.tsx';
import { PartialDateField } from './PartialDateField.tsx';
import { PlaceField } from './PlaceField.tsx';

/** One person of a case: the applicant (with safe-contact instructions) or a sought person (with relation). */
export function PersonFields({
  form,
  base,
  legend,
  role,
  actions,
}: {
  form: AnyForm;
  base: string;
  legend: string;
  role: 'applicant' | 'sought';
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={legend}>
      <Stack gap="sm">
        <GroupError error={form.errors[base]} />
        <NamesEditor form={form} base={base} />
        <Group gap="sm" align="flex-start" wrap="wrap">
          {role === 'sought' && (
            <NativeSelect
              label={t('person.relation')}
              w={240}
              data={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))}
              {...form.getInputProps(`${base}.relation`)}
            />
          )}
          <NativeSelect
            label={t('person.sex')}
            w={240}
            data={[
              { value: '', label: t('common.unspecified') },
              ...SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) })),
            ]}
            {...form.getInputProps(`${base}.sex`)}
          />
        </Group>
        <PartialDateField form={form} path={`${base}.birth`} label={t('person.birth')} />
        <PlaceField form={form} path={`${base}.lastKnownPlace`} label={t('person.lastKnownPlace')} />
        <PartialDateField form={form} path={`${base}.separatedOn`} label={t('person.separatedOn')} />
        <Textarea
          label={t('person.separationCircumstances')}
          autosize
          minRows={2}
          {...form.getInputProps(`${base}.separationCircumstances`)}
        />
        {role === 'applicant' && (
          <Textarea
            label={t('person.safeContact')}
            description={t('person.safeContactHelp')}
            autosize
            minRows={2}
            {...form.getInputProps(`${base}.safeContact`)}
          />
        )}
        {role === 'sought' && <ChildDetailsFields form={form} base={base} />}
        <Textarea label={t('person.notes')} autosize minRows={2} {...form.getInputProps(`${base}.notes`)} />
        {actions}
      </Stack>
    </Fieldset>
  );
}
