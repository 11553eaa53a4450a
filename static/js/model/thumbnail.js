/**
 * A design's thumbnail, no DOM: where its Regions, AZs and nodes sit, laid out exactly as the
 * canvas lays them out (model/layout.js), from the outline the list endpoints give (GET
 * /api/designs/, /api/scenarios/: regions with their AZs, each node's kind, placement and
 * position). panels/thumbnail.js draws the shapes as a small SVG. node --test covers it.
 */
import { computeLayout, nodeRect, settleLayout } from './layout.js';

/** The colour family of each kind (its catalogue category); an unknown kind is 'other'. */
const FAMILY = {
  client: 'client', external: 'client',
  route53: 'edge', cloudfront: 'edge', api_gateway: 'edge', alb: 'edge',
  asg: 'compute', ec2: 'compute', lambda: 'compute',
  sqs: 'messaging', sns: 'messaging', step_functions: 'messaging',
  elasticache: 'data', rds: 'data', dynamodb: 'data', s3: 'data',
};
export const familyOf = (kind) => FAMILY[kind] || 'other';

const MARGIN = 24;

/**
 * The shapes of a thumbnail: {viewBox: [x, y, w, h], regions, azs, nodes, empty}; regions and
 * azs are rectangles {x, y, w, h}, nodes rectangles with their `family`. The view box frames
 * everything with a margin; an outline with nothing in it is `empty` (the card says so).
 */
export function thumbnailShapes(outline) {
  const regions = (Array.isArray(outline?.regions) ? outline.regions : [])
    .filter((r) => r && typeof r.id === 'string').map((r) => ({ id: r.id, azs: (Array.isArray(r.azs) ? r.azs : []).filter((a) => typeof a === 'string') }));
  const known = new Set(regions.map((r) => r.id));
  // Nodes without a position, or one that does not fit, are placed as the editor places them
  // when it opens the design (settleLayout), following the flow of the edges.
  const nodes = (Array.isArray(outline?.nodes) ? outline.nodes : [])
    .filter((n) => n && typeof n.kind === 'string')
    // A node placed in a Region the document does not have is drawn with the global ones.
    .map((n, i) => ({ id: typeof n.id === 'string' ? n.id : `#${i}`, kind: n.kind, placement: known.has(n.placement?.region) ? n.placement : {}, ...(n.ui && Number.isFinite(n.ui.x) && Number.isFinite(n.ui.y) ? { ui: { x: n.ui.x, y: n.ui.y } } : {}) }));
  const edges = (Array.isArray(outline?.edges) ? outline.edges : []).filter((e) => e && typeof e.from === 'string' && typeof e.to === 'string');
  settleLayout({ regions, nodes, edges });
  const layout = computeLayout({ regions, nodes });
  const out = {
    regions: layout.regions.map(({ x, y, w, h }) => ({ x, y, w, h })),
    azs: layout.regions.flatMap((r) => r.azs.map(({ x, y, w, h }) => ({ x, y, w, h }))),
    nodes: nodes.map((n) => ({ ...nodeRect(layout, n), family: familyOf(n.kind) })),
  };
  const boxes = [...out.regions, ...out.nodes];
  out.empty = boxes.length === 0;
  if (out.empty) { out.viewBox = [0, 0, 400, 225]; return out; }
  const minX = Math.min(...boxes.map((b) => b.x)) - MARGIN;
  const minY = Math.min(...boxes.map((b) => b.y)) - MARGIN;
  const maxX = Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN;
  const maxY = Math.max(...boxes.map((b) => b.y + b.h)) + MARGIN;
  out.viewBox = [minX, minY, maxX - minX, maxY - minY].map(Math.round);
  return out;
}

