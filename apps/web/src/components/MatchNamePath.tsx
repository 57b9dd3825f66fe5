import { Code, Group, Stack, Text } from '@mantine/core';

/** Which syllables of two names aligned, through which readings (李 -> 리 -> Ri). */
export function MatchNamePath({ aligned }: { aligned: { a: string; b: string; path: string[] }[] }) {
  return (
    <Stack gap={2}>
      {aligned.map((a, i) => (
        <Group key={`${a.a}-${a.b}-${i}`} gap={4} wrap="wrap">
          <Text size="sm" fw={600}>{a.a}</Text>
          <Text size="sm">→</Text>
          <Code>{a.path.join(' → ')}</Code>
          <Text size="sm">→</Text>
          <Text size="sm" fw={600}>{a.b}</Text>
        </Group>
      ))}
    </Stack>
  );
}
