/**
 * `graphc/diagram`: Graphviz diagrams of a compiled model at three zoom levels (and one block
 * template), as DOT, and DOT rendered to SVG (Graphviz compiled to wasm) or PNG (resvg, with the
 * shipped DejaVu fonts). Every renderer is a dependency of graphc: nothing else to install.
 */
export {
  drawDiagram,
  renderDiagram,
  parseView,
  parseRankDir,
  VIEW_NAMES,
  DIAGRAM_FORMATS,
  type DiagramView,
  type DiagramFormat,
  type DiagramOptions,
  type RenderOptions,
  type ViewProblem,
} from './diagram.js';
export { renderSvg, renderPng, RenderError, type RenderErrorCode, type PngOptions } from './render.js';
