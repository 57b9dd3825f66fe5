import type { Role } from '@homeward/contracts';

/**
 * The signed-in navigation, by role (need-to-know starts in the menu, though the
 * server enforces it): each feature adds its entry here. `label` is an i18n key.
 * The first entry a role may see is its home page.
 */
export interface NavItem {
  to: string;
  label: string;
  roles: readonly Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/cases', label: 'nav.cases', roles: ['administrator', 'caseworker'] },
  { to: '/leads', label: 'nav.leads', roles: ['administrator', 'caseworker'] },
  { to: '/matches', label: 'matching.nav.review', roles: ['administrator', 'caseworker'] },
  { to: '/search', label: 'matching.nav.search', roles: ['administrator', 'caseworker'] },
  { to: '/import', label: 'import.nav', roles: ['administrator', 'caseworker'] },
  { to: '/partner', label: 'tracing.nav.partner', roles: ['field_partner'] },
  { to: '/break-glass', label: 'access.nav.breakGlass', roles: ['caseworker'] },
  { to: '/admin/users', label: 'access.nav.users', roles: ['administrator'] },
  { to: '/audit', label: 'access.nav.audit', roles: ['auditor'] },
  { to: '/statistics', label: 'advocacy.nav.statistics', roles: ['advocate', 'administrator'] },
  { to: '/dossiers', label: 'advocacy.nav.dossiers', roles: ['advocate', 'caseworker', 'administrator'] },
  // Last, so that no role lands on its account page after sign-in.
  { to: '/account/passkeys', label: 'access.nav.passkeys', roles: ['administrator', 'caseworker', 'field_partner', 'advocate', 'auditor'] },
];

/** Menu entries for a role. Example: `navFor('caseworker')[0].to === '/cases'`. */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((i) => i.roles.includes(role));
}

/** Where a role lands after sign-in. */
export function homeFor(role: Role): string {
  return navFor(role)[0]?.to ?? '/welcome';
}
