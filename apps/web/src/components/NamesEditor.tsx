import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NAME_KINDS, SCRIPTS } from '../api/types.ts';
import { emptyName, type NameFields } from '../lib/case-form.ts';
import { getAt, join, type AnyForm } from './form-types.ts';
import { GroupError } from './Messages.tsx';

/** The list of a person's names: each with its text, script (or automatic) and kind. */
export function NamesEditor({ form, base }: { form: AnyForm; base: string }) {
  const { t } = useTranslation();
  const path = join(base, 'names');
  const names = getAt(form.getValues(), path) as NameFields[];
  return (
    <Stack gap="xs">
      {names.map((name, index) => {
        const item = `${path}.${index}`;
        return (
          <div key={name.key} role="group" aria-label={t('name.item', { n: index + 1 })}>
            <Group align="flex-start" gap="xs" wrap="wrap">
              <TextInput
                label={t('name.text')}
                required
                maxLength={200}
                {...form.getInputProps(`${item}.text`)}
              />
              <NativeSelect
                label={t('name.script')}
                data={[
                  { value: '', label: t('name.scriptAuto') },
                  ...SCRIPTS.map((s) => ({ value: s, label: t(`script.${s}`) })),
                ]}
                {...form.getInputProps(`${item}.script`)}
              />
              <NativeSelect
                label={t('name.kind')}
                data={[
                  { value: '', label: t('common.unspecified') },
                  ...NAME_KINDS.map((k) => ({ value: k, label: t(`nameKind.${k}`) })),
                ]}
                {...form.getInputProps(`${item}.kind`)}
              />
              {names.length > 1 && (
                <Button
                  variant="subtle"
                  color="red"
                  mt={24}
                  onClick={() => form.removeListItem(path, index)}
                  aria-label={t('name.removeN', { n: index + 1 })}
                >
                  {t('common.remove')}
                </Button>
              )}
            </Group>
            <GroupError error={form.errors[item]} />
          </div>
        );
      })}
      <GroupError error={form.errors[path]} />
      <div>
        <Button variant="light" size="xs" onClick={() => form.insertListItem(path, emptyName())}>
          {t('name.add')}
        </Button>
      </div>
    </Stack>
  );
}
