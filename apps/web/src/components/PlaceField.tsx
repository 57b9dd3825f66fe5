import { CloseButton, Combobox, Group, Loader, Stack, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Place } from '../api/types.ts';
import { displayLanguage, placeLine, placeTrail } from '../lib/places.ts';
import type { AnyForm } from './form-types.ts';

// Autocomplete asks the server after a pause in typing, not on every key.
const DEBOUNCE_MS = 300;
const MAX_QUERY = 500;

/** The chosen place, in the UI language, with its hierarchy. */
export function PlaceSummary({ place, t, language }: { place: Place; t: TFunction; language: string }) {
  const lang = displayLanguage(language);
  return (
    <Text span size="sm" data-testid="resolved-place">
      <span lang={lang}>{placeLine(place, lang)}</span>{' '}
      <Text span size="xs" c="dimmed">
        ({t(`placeLevel.${place.level}`)}
        {placeTrail(place, lang) ? ` · ${placeTrail(place, lang)}` : ''})
      </Text>
    </Text>
  );
}

/**
 * A place as the mother said it, with places offered as she types (any
 * script). Choosing one stores its code beside the text; the text is never
 * replaced, and typing again drops the choice.
 */
export function PlaceField({ form, path, label }: { form: AnyForm; path: string; label: string }) {
  const { t, i18n } = useTranslation();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const text = String(form.getInputProps(path).value ?? '');
  const chosen = form.getInputProps(`${path}Chosen`).value as Place | null;
  const codeError = form.errors[`${path}Code`];
  const [debounced] = useDebouncedValue(text.trim(), DEBOUNCE_MS);
  const wanted = debounced !== '' && debounced.length <= MAX_QUERY && !chosen;
  const candidates = useQuery({
    queryKey: ['places', debounced],
    queryFn: ({ signal }) => api.resolvePlaces({ q: debounced, limit: 8 }, signal),
    enabled: wanted,
    staleTime: 60_000,
    // A place typed for one case is no business of the next screen.
    gcTime: 0,
  });
  const lang = displayLanguage(i18n.language);
  const options = wanted ? (candidates.data?.candidates ?? []) : [];

  const choose = (code: string) => {
    const place = options.find((c) => c.code === code);
    if (!place) return;
    form.setFieldValue(`${path}Code`, place.code);
    form.setFieldValue(`${path}Chosen`, place);
    form.clearFieldError(`${path}Code`);
    combobox.closeDropdown();
  };
  const clearChoice = () => {
    form.setFieldValue(`${path}Code`, '');
    form.setFieldValue(`${path}Chosen`, null);
  };

  const input = form.getInputProps(path);
  return (
    <Stack gap={4}>
      <Combobox store={combobox} onOptionSubmit={choose}>
        <Combobox.Target>
          <TextInput
            label={label}
            description={t('place.help')}
            {...input}
            value={text}
            error={input.error ?? codeError}
            autoComplete="off"
            rightSection={candidates.isFetching ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            onChange={(event) => {
              input.onChange(event);
              // The text changed after a choice: the choice no longer describes it.
              if (chosen || form.getInputProps(`${path}Code`).value) clearChoice();
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onFocus={() => combobox.openDropdown()}
            onBlur={(event) => {
              combobox.closeDropdown();
              input.onBlur?.(event);
            }}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={options.length === 0}>
          <Combobox.Options aria-label={t('place.suggestions')}>
            {options.map((c) => (
              <Combobox.Option value={c.code} key={c.code}>
                <Text size="sm" lang={lang}>
                  {placeLine(c, lang)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`placeLevel.${c.level}`)}
                  {placeTrail(c, lang) ? ` · ${placeTrail(c, lang)}` : ''}
                </Text>
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      {chosen ? (
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('place.chosen')}
          </Text>
          <PlaceSummary place={chosen} t={t} language={i18n.language} />
          <CloseButton size="sm" aria-label={t('place.clear')} onClick={clearChoice} />
        </Group>
      ) : (
        text.trim() !== '' && (
          <Text size="xs" c="dimmed">
            {t('place.unresolved')}
          </Text>
        )
      )}
    </Stack>
  );
}
