import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A read-only value under its small label, as the detail pages show fields; line breaks in the value are kept. */
export function LabelledValue({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text className="pre-wrap">{children}</Text>
    </div>
  );
}
