import type { UseFormReturnType } from '@mantine/form';

/**
 * The field components serve both the case form and the lead form, at paths
 * built at run time ("sought.2.names.0.text"), which Mantine's typed paths
 * cannot express; the shapes at those paths are fixed by lib/case-form.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: run-time paths over two value types
export type AnyForm = UseFormReturnType<any>;

/** Joins a base path and a key, for forms whose fields sit at the root. */
export function join(base: string, key: string | number): string {
  return base ? `${base}.${key}` : String(key);
}

/** Reads a value at a dotted path; the forms' shapes guarantee it exists. */
export function getAt(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Moves focus to the first input marked invalid once React has rendered the
 * errors, so keyboard and screen-reader users land on what needs fixing.
 * React may commit the errors a few frames later on a busy device, so look
 * again on later frames (about half a second at most) rather than only once.
 */
export function focusFirstInvalid(framesLeft = 30): void {
  window.requestAnimationFrame(() => {
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (first) first.focus();
    else if (framesLeft > 1) focusFirstInvalid(framesLeft - 1);
  });
}
