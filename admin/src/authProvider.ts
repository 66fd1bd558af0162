import type { AuthProvider } from 'react-admin';
import type { User } from '@amity/schema/generated/graphql';
import { apiBase } from './schemaModel';

/** Signs in through the API: `login` sets an HttpOnly session cookie on this origin; `me` tells who is signed in. */

type Me = Pick<User, 'username' | 'role'>;

async function call<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const response = await fetch(`${apiBase()}/graphql`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

let me: Me | null | undefined;

export async function fetchMe(): Promise<Me | null> {
  const result = await call<{ me: Me | null }>('{ me { username role } }').catch(() => ({ data: undefined }));
  me = result.data?.me ?? null;
  return me;
}

export function buildAuthProvider(onSignedIn: () => Promise<void>): AuthProvider {
  return {
    async login({ username, password }: { username: string; password: string }) {
      const result = await call<{ login: { user: Me } }>('mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { user { username role } } }', { u: username, p: password });
      if (!result.data?.login) throw new Error(result.errors?.[0]?.message ?? 'ra.auth.sign_in_error');
      me = result.data.login.user;
      await onSignedIn();
    },
    async logout() {
      if (me !== null) await call('mutation { logout }').catch(() => undefined);
      me = null;
    },
    async checkAuth() {
      if (me === undefined) await fetchMe();
      if (!me) throw new Error('ra.auth.auth_check_error');
    },
    async checkError(error: { status?: number; body?: { code?: string } }) {
      if (error?.status === 401 || error?.body?.code === 'UNAUTHENTICATED') {
        me = null;
        throw new Error('ra.auth.auth_check_error');
      }
    },
    async getPermissions() {
      if (me === undefined) await fetchMe();
      return me?.role ?? null;
    },
    async getIdentity() {
      if (me === undefined) await fetchMe();
      if (!me) throw new Error('not signed in');
      return { id: me.username, fullName: `${me.username} (${me.role})` };
    },
  };
}
