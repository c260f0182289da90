// The signed-in pages in the top bar, each with the permission it needs, and where a role lands
// after signing in: its first page, so a developer does not land on campaigns they cannot read.
// The settings pages sit in one menu, so that the marketer's daily pages fit the bar at 1024 px.
import type { Permission } from '../../core/permissions.ts';

export const NAV: { href: string; label: string; needs: Permission; settings?: true }[] = [
  { href: '/campaigns', label: 'Campaigns', needs: 'campaigns:read' },
  { href: '/mailings', label: 'Mailings', needs: 'mailings:read' },
  { href: '/calendar', label: 'Calendar', needs: 'campaigns:read' },
  { href: '/templates', label: 'Templates', needs: 'templates:read' },
  { href: '/customers', label: 'Customers', needs: 'customers:read' },
  { href: '/segments', label: 'Segments', needs: 'segments:read' },
  { href: '/audiences', label: 'Audiences', needs: 'segments:read' },
  { href: '/imports', label: 'Imports', needs: 'imports:read' },
  {
    href: '/settings/contact-policy',
    label: 'Contact policy',
    needs: 'mailings:read',
    settings: true,
  },
  { href: '/reports', label: 'Reports', needs: 'reports:read' },
  { href: '/settings/team', label: 'Team', needs: 'users:manage', settings: true },
  { href: '/settings/gateways', label: 'Gateways', needs: 'settings:write', settings: true },
  { href: '/settings/api-keys', label: 'API keys', needs: 'api-keys:manage', settings: true },
  { href: '/audit-log', label: 'Audit log', needs: 'audit-log:read', settings: true },
];

export const homeFor = (permissions: readonly Permission[]): string =>
  NAV.find((item) => permissions.includes(item.needs))?.href ?? '/campaigns';
