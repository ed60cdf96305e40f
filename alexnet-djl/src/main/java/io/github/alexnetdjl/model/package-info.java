/**
 * The AlexNet model definition: {@link io.github.alexnetdjl.model.AlexNetBlock}, a DJL block built from one
 * named stage per layer of the network, in three {@link io.github.alexnetdjl.model.Variant}s (the notebook's,
 * the 2012 paper's and torchvision's), each with its own initialization ({@link
 * io.github.alexnetdjl.model.Initializers}), and the map of torchvision's state_dict keys ({@link
 * io.github.alexnetdjl.model.TorchvisionKeys}).
 */
package io.github.alexnetdjl.model;
