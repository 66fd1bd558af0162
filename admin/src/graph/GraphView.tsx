import { lazy, Suspense } from 'react';
import { Loading } from 'react-admin';

// The graph library (cytoscape) is loaded with the graph view only, not with every page of the admin.
const GraphPage = lazy(() => import('./GraphPage'));

/** The route /graph/:id: a record's neighbourhood as a network (GraphPage.tsx). */
export function GraphView() {
  return (
    <Suspense fallback={<Loading />}>
      <GraphPage />
    </Suspense>
  );
}
