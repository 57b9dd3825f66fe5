import { Button, Card, Fieldset, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { StepTaken } from '@homeward/contracts';
import { useTranslation } from 'react-i18next';
import { emptyStep, type StepFields } from '../lib/case-form.ts';
import { formatPartialDate } from '../lib/format.ts';
import type { AnyForm } from './form-types.ts';
import { GroupError } from './Messages.tsx';
import { PartialDateField } from './PartialDateField.tsx';

/**
 * The case form's repeatable list of steps already taken (issue #8). Fields
 * sit at the API's paths (stepsTaken.N.description...), so the server's
 * issues land on the row they concern.
 */
export function StepsTakenFields({ form }: { form: AnyForm }) {
  const { t } = useTranslation();
  const steps = (form.getValues() as { stepsTaken: StepFields[] }).stepsTaken;
  return (
    <Fieldset legend={t('steps.title')}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('steps.help')}
        </Text>
        {steps.map((step, index) => (
          <Card key={step.key} withBorder padding="sm" role="group" aria-label={t('steps.itemN', { n: index + 1 })}>
            <Stack gap="xs">
              <Group justify="space-between" align="center">
                <Text fw={500}>{t('steps.itemN', { n: index + 1 })}</Text>
                <Button variant="subtle" color="red" size="xs" onClick={() => form.removeListItem('stepsTaken', index)}>
                  {t('steps.removeN', { n: index + 1 })}
                </Button>
              </Group>
              <PartialDateField form={form} path={`stepsTaken.${index}.date`} label={t('steps.date')} />
              <Textarea label={t('steps.description')} required autosize minRows={1} {...form.getInputProps(`stepsTaken.${index}.description`)} />
              <TextInput label={t('steps.authority')} autoComplete="off" {...form.getInputProps(`stepsTaken.${index}.authority`)} />
              <Textarea label={t('steps.outcome')} autosize minRows={1} {...form.getInputProps(`stepsTaken.${index}.outcome`)} />
            </Stack>
          </Card>
        ))}
        <GroupError error={form.errors['stepsTaken']} />
        <Group>
          <Button variant="light" onClick={() => form.insertListItem('stepsTaken', emptyStep())}>
            {t('steps.add')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

/** The steps on the case page, in the order entered; a line saying there are none otherwise. */
export function StepsTakenView({ steps }: { steps: readonly StepTaken[] | undefined }) {
  const { t } = useTranslation();
  const list = steps ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="steps-title">
      <Title order={3} size="h4" mb="xs" id="steps-title">
        {t('steps.title')}
      </Title>
      {list.length === 0 ? (
        <Text c="dimmed">{t('steps.none')}</Text>
      ) : (
        <ol className="name-list">
          {list.map((st, i) => (
            <li key={i}>
              <Stack gap={2} mb="xs">
                <Text size="xs" c="dimmed">
                  {st.date ? formatPartialDate(t, st.date) : t('common.unknown')}
                  {st.authority ? ` · ${t('steps.authority')}: ${st.authority}` : ''}
                </Text>
                <Text className="pre-wrap">{st.description}</Text>
                {st.outcome && (
                  <Text size="sm" className="pre-wrap">
                    {t('steps.outcome')}: {st.outcome}
                  </Text>
                )}
              </Stack>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
