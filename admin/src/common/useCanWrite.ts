import { usePermissions } from 'react-admin';

/** Only ADMIN and EDITOR may change records (the API refuses the others anyway): the UI offers no dead buttons. */
export function useCanWrite(): boolean {
  const { permissions } = usePermissions<string | null>();
  return permissions === 'ADMIN' || permissions === 'EDITOR';
}
