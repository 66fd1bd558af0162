import EmbedIcon from '@mui/icons-material/Code';
import ImportIcon from '@mui/icons-material/UploadFile';
import { Alert, Box } from '@mui/material';
import type { ComponentType, ReactElement, ReactNode } from 'react';
import { Menu, useHasDashboard, usePermissions, useTranslate } from 'react-admin';
import { EmbedPage } from './embed/EmbedPage';
import { ImportWizard } from './import/ImportWizard';

/**
 * The admin's own pages beside the record screens (registered as CustomRoutes in App.tsx, listed in the menu):
 * the spreadsheet import wizard (ADMIN and EDITOR, as the /imports API) and the widget embed page (ADMIN, who alone
 * manages widget keys).
 */
export interface CustomPage {
  path: string;
  /** i18n key of the menu entry */
  label: string;
  icon: ComponentType;
  roles: string[];
  element: ReactElement;
}

export const customPages: CustomPage[] = [
  { path: '/import', label: 'amity.menu.import', icon: ImportIcon, roles: ['ADMIN', 'EDITOR'], element: <ImportWizard initialType="cities" /> },
  { path: '/embed', label: 'amity.menu.embed', icon: EmbedIcon, roles: ['ADMIN'], element: <EmbedPage /> },
];

/** A page for some roles only: the others get a notice (the API refuses them anyway). */
export function RolePage({ roles, children }: { roles: string[]; children: ReactNode }) {
  const { permissions, isPending } = usePermissions<string | null>();
  const translate = useTranslate();
  if (isPending) return null;
  if (!roles.includes(permissions ?? '')) {
    return (
      <Box sx={{ p: 2 }}>
        <Alert severity="warning" data-testid="role-refused">
          {translate('amity.pages.forbidden')}
        </Alert>
      </Box>
    );
  }
  return <Box sx={{ pt: 1 }}>{children}</Box>;
}

/** The menu: the dashboard (when there is one), every resource, then the pages the user's role may open. */
export function AppMenu() {
  const hasDashboard = useHasDashboard();
  const { permissions } = usePermissions<string | null>();
  const translate = useTranslate();
  return (
    <Menu>
      {hasDashboard && <Menu.DashboardItem />}
      <Menu.ResourceItems />
      {customPages
        .filter((page) => page.roles.includes(permissions ?? ''))
        .map((page) => {
          const Icon = page.icon;
          return <Menu.Item key={page.path} to={page.path} primaryText={translate(page.label)} leftIcon={<Icon />} />;
        })}
    </Menu>
  );
}
