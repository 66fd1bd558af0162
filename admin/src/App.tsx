import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource, type DataProvider } from 'react-admin';
import { buildAuthProvider, fetchMe } from './authProvider';
import { customPages, RolePage } from './customPages';
import { Dashboard } from './dashboard/Dashboard';
import { GraphView } from './graph/GraphView';
import { ModelContext } from './common/ModelContext';
import { buildAmityDataProvider, type AmityDataProvider } from './dataProvider';
import { genericResource } from './generic/resource';
import { i18nProvider } from './i18n/i18nProvider';
import { Layout } from './Layout';
import { ownResources } from './resources';
import { fetchSchemaModel, type SchemaModel } from './schemaModel';

interface Loaded {
  model: SchemaModel;
  provider: AmityDataProvider;
}

/** Before sign-in the schema is not readable: nothing is asked of the API until then. */
const signedOutProvider: DataProvider = {
  getList: async () => ({ data: [], total: 0 }),
  getOne: async () => Promise.reject(new Error('ra.auth.auth_check_error')),
  getMany: async () => ({ data: [] }),
  getManyReference: async () => ({ data: [], total: 0 }),
  create: async () => Promise.reject(new Error('ra.auth.auth_check_error')),
  update: async () => Promise.reject(new Error('ra.auth.auth_check_error')),
  updateMany: async () => ({ data: [] }),
  delete: async () => Promise.reject(new Error('ra.auth.auth_check_error')),
  deleteMany: async () => ({ data: [] }),
};

/**
 * The admin: resources are read from the schema once signed in (introspection), so every record type has
 * screens; types with a folder in resources/ get their own list columns. The dashboard is src/dashboard/; the
 * graph view, src/graph/, is the route /graph/:id.
 */
export function App() {
  const [loaded, setLoaded] = useState<Loaded | null | undefined>(undefined);
  const load = useCallback(async () => {
    const model = await fetchSchemaModel();
    const provider = await buildAmityDataProvider(model);
    setLoaded({ model, provider });
  }, []);
  useEffect(() => {
    fetchMe()
      .then((me) => (me ? load() : setLoaded(null)))
      .catch(() => setLoaded(null));
  }, [load]);
  const authProvider = useMemo(() => buildAuthProvider(load), [load]);
  if (loaded === undefined) return null;
  const names = loaded ? [...Object.keys(ownResources), ...loaded.model.resourceNames().filter((n) => !(n in ownResources))] : [];
  return (
    <ModelContext.Provider value={loaded?.model ?? null}>
      <Admin
        title="Amity"
        dataProvider={loaded?.provider ?? signedOutProvider}
        authProvider={authProvider}
        i18nProvider={i18nProvider}
        layout={Layout}
        dashboard={loaded ? Dashboard : undefined}
        disableTelemetry
      >
        {!loaded && (
          // Signed out: the schema is not readable yet, so the only page is the way to the login page.
          <CustomRoutes noLayout>
            <Route path="*" element={<Navigate to="/login" replace />} />
          </CustomRoutes>
        )}
        {loaded && (
          // The import wizard and the embed page (src/customPages.tsx), each for the roles the API lets use it.
          <CustomRoutes>
            {customPages.map((page) => (
              <Route key={page.path} path={page.path} element={<RolePage roles={page.roles}>{page.element}</RolePage>} />
            ))}
          </CustomRoutes>
        )}
        {loaded && (
          // The graph view (src/graph/): a record's neighbourhood, reached from every record's page.
          <CustomRoutes>
            <Route path="/graph/:id" element={<GraphView />} />
          </CustomRoutes>
        )}
        {names
          .filter((name) => loaded?.model.resources.has(name))
          .map((name) => {
            const definition = ownResources[name] ?? genericResource({ fallback: true });
            const info = loaded!.model.resources.get(name)!;
            return (
              <Resource
                key={name}
                name={name}
                list={definition.list}
                show={info.oneQuery ? definition.show : undefined}
                edit={info.update ? definition.edit : undefined}
                create={info.create ? definition.create : undefined}
                icon={definition.icon}
                recordRepresentation={definition.recordRepresentation}
              />
            );
          })}
      </Admin>
    </ModelContext.Provider>
  );
}
