/**
 * The ids of the diagram's cells. A node's cell has the node's id; edges, Regions, their bands of
 * regional services and AZs get a prefix, so no design id can collide with another kind of cell.
 */
export const EDGE_PREFIX = '@e/';

export const cellIdOf = {
  region: (id) => `@r/${id}`,
  band: (id) => `@b/${id}`,
  az: (id) => `@az/${id}`,
  edge: (id) => `${EDGE_PREFIX}${id}`,
};

/** The design edge a link cell draws. */
export const edgeIdOfCell = (cellId) => String(cellId).slice(EDGE_PREFIX.length);

/** The container a Region, band or AZ cell draws ({type: 'region' | 'az', id}), or null. */
export function containerOfCell(cellId) {
  const id = String(cellId);
  if (id.startsWith('@az/')) return { type: 'az', id: id.slice(4) };
  if (id.startsWith('@r/') || id.startsWith('@b/')) return { type: 'region', id: id.slice(3) };
  return null;
}
