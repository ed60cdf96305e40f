/**
 * Pictures of a network drawn from the block itself: {@link io.github.alexnetdjl.diagram.ArchitectureDiagram}
 * renders the stages, their layers and output shapes as SVG.
 */
package io.github.alexnetdjl.diagram;
