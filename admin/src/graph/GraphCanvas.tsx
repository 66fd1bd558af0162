import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { Box } from '@mui/material';
import { edgeId, edgeKind, type GEdge, type GNode, type Subgraph } from './graphData';

const TYPE_COLOURS: Record<string, string> = {
  City: '#e53935',
  Organisation: '#1e88e5',
  Person: '#43a047',
  Partnership: '#fb8c00',
  Exchange: '#8e24aa',
  Delegation: '#00897b',
  Event: '#6d4c41',
  Country: '#757575',
};

const STYLE: any[] = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'background-color': 'data(colour)',
      'font-size': 10,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      width: 18,
      height: 18,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
    },
  },
  { selector: 'node.centre', style: { width: 28, height: 28, 'border-width': 3, 'border-color': '#000' } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#ffb300' } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#b0bec5', 'target-arrow-color': '#b0bec5', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 7, color: '#78909c', 'text-rotation': 'autorotate' } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#d50000', width: 26, height: 26 } },
  { selector: 'edge.path', style: { width: 5, 'line-color': '#d50000', 'target-arrow-color': '#d50000', 'z-index': 10 } },
];

interface Props {
  nodes: Map<string, GNode>;
  edges: Map<string, GEdge>;
  centreId: string;
  selected: string | null;
  hiddenKinds: Set<string>;
  path: Subgraph | null | undefined;
  kindLabel: (kind: string) => string;
  /** A click on a node. */
  onTap: (id: string) => void;
  /** A double click on a node. */
  onOpen: (typename: string, id: string) => void;
}

/** The network drawn by cytoscape: it follows the props (elements added, filtered, highlighted; a layout when new nodes came). */
export function GraphCanvas({ nodes, edges, centreId, selected, hiddenKinds, path, kindLabel, onTap, onOpen }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);

  // The cytoscape instance, made once; `window.amityGraph` lets the browser tests read what is drawn.
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({ container: container.current, style: STYLE, minZoom: 0.1, maxZoom: 4 });
    cyRef.current = cy;
    (window as any).amityGraph = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const tap = (event: cytoscape.EventObject) => onTap(event.target.id() as string);
    const doubleTap = (event: cytoscape.EventObject) => onOpen(event.target.data('typename') as string, event.target.id() as string);
    cy.on('tap', 'node', tap);
    cy.on('dbltap', 'node', doubleTap);
    return () => {
      cy.off('tap', 'node', tap);
      cy.off('dbltap', 'node', doubleTap);
    };
  }, [onTap, onOpen]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    let added = false;
    const additions: ElementDefinition[] = [];
    for (const node of nodes.values()) {
      const existing = cy.getElementById(node.id);
      if (existing.nonempty()) existing.data('label', node.displayName);
      else additions.push({ group: 'nodes', data: { id: node.id, label: node.displayName, typename: node.__typename, colour: TYPE_COLOURS[node.__typename] ?? '#546e7a' } });
    }
    if (additions.length > 0) {
      cy.add(additions);
      added = true;
    }
    const edgeAdditions: ElementDefinition[] = [];
    for (const [key, edge] of edges) {
      if (cy.getElementById(key).empty() && nodes.has(edge.from.id) && nodes.has(edge.to.id))
        edgeAdditions.push({ group: 'edges', data: { id: key, source: edge.from.id, target: edge.to.id, kind: edgeKind(edge) } });
    }
    if (edgeAdditions.length > 0) {
      cy.add(edgeAdditions);
      added = true;
    }
    cy.batch(() => {
      cy.elements().removeClass('centre path');
      cy.getElementById(centreId).addClass('centre');
      cy.edges().forEach((edge) => {
        edge.data('label', kindLabel(edge.data('kind') as string));
        edge.toggleClass('hidden', hiddenKinds.has(edge.data('kind') as string));
      });
      // A node stays when a visible tie reaches it, or it is the centre or on the path.
      const onPath = new Set(path?.nodes.map((n) => n.id) ?? []);
      cy.nodes().forEach((node) => {
        const visible = node.id() === centreId || onPath.has(node.id()) || node.connectedEdges().filter((edge) => !edge.hasClass('hidden')).nonempty();
        node.toggleClass('hidden', !visible);
      });
      if (path) {
        for (const node of path.nodes) cy.getElementById(node.id).addClass('path');
        for (const edge of path.edges) cy.getElementById(edgeId(edge)).addClass('path').removeClass('hidden');
      }
      cy.getElementById(selected ?? '').select();
    });
    if (added) cy.elements(':visible').layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, padding: 30 } as any).run();
  }, [nodes, edges, hiddenKinds, path, centreId, selected, kindLabel]);

  return <Box ref={container} data-testid="graph-canvas" sx={{ height: 560, width: '100%' }} />;
}
