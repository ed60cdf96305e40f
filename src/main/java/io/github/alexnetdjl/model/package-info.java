/**
 * The AlexNet model definition: {@link io.github.alexnetdjl.model.AlexNetBlock}, a DJL block built from one
 * named stage per layer of the network, and its initialization.
 */
package io.github.alexnetdjl.model;
