/**
 * Pictures of a network drawn from its spec: {@link io.github.alexnetdjl.diagram.ArchitectureDiagram}
 * renders the stages, their layers and output shapes as SVG.
 */
package io.github.alexnetdjl.diagram;
